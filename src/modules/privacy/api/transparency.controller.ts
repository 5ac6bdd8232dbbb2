import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Public } from '../../../platform/auth/decorators';
import { SCOPES } from '../../../shared/contracts/review';
import { GetTransparencyReport, type TransparencyReport } from '../application/queries/transparency-report.query';

class TransparencyQuery {
  @ApiPropertyOptional({ example: '2026-11', description: 'A month that is over (UTC); unset, the last one' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

class ScopeCountResponse {
  @ApiProperty({ enum: SCOPES })
  scope: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'People, with discrete Laplace noise; null when fewer than k (then `withheld` says so)',
  })
  people: number | null;
  @ApiPropertyOptional({ enum: ['fewer-than-k'] })
  withheld?: 'fewer-than-k';
}

class RequestCountResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Requests, with discrete Laplace noise; null when fewer than k (then `withheld` says so)',
  })
  requests: number | null;
  @ApiPropertyOptional({ enum: ['fewer-than-k'] })
  withheld?: 'fewer-than-k';
}

class RequestsResponse {
  @ApiProperty({ type: RequestCountResponse, description: 'Data exports people asked for (GDPR Art. 15/20)' })
  exports: RequestCountResponse;
  @ApiProperty({ type: RequestCountResponse, description: 'Erasures people asked for (GDPR Art. 17)' })
  erasures: RequestCountResponse;
  @ApiProperty({ example: '1', description: 'The privacy loss ε this part spent (a decimal)' })
  epsilon: string;
  @ApiProperty({
    example: '156',
    description: 'The scale of its noise: one person may ask for PRIVACY_EXPORTS_PER_DAY exports a day, so it is wide',
  })
  scale: string;
}

class TransparencyResponse {
  @ApiProperty({ example: '2026-11' })
  month: string;
  @ApiProperty({ type: [ScopeCountResponse], description: 'People who granted each scope to some mini-app' })
  grants: ScopeCountResponse[];
  @ApiProperty({ type: [ScopeCountResponse], description: 'People who withdrew a grant of each scope' })
  withdrawals: ScopeCountResponse[];
  @ApiProperty({ type: [ScopeCountResponse], description: 'People whose data a mini-app used through each scope' })
  accesses: ScopeCountResponse[];
  @ApiProperty({ type: RequestsResponse, description: 'Exports and erasures asked for in the month, released apart' })
  requests: RequestsResponse;
  @ApiProperty({ example: 10, description: 'Counts below k are withheld' })
  k: number;
  @ApiProperty({ example: '1', description: 'The privacy loss ε this report spent (a decimal)' })
  epsilon: string;
  @ApiProperty({ example: '21', description: "The scale of each count's discrete Laplace noise (Δ/ε)" })
  scale: string;
  @ApiProperty({ description: 'When the report was released: asked again, the same report comes back' })
  releasedAt: string;
}

/** What the platform tells everyone about the use of people's data, as privacy-protected counts. */
@ApiTags('privacy')
@Controller('privacy')
export class TransparencyController {
  constructor(private readonly queries: QueryBus) {}

  @Get('transparency')
  @Public()
  @ApiOperation({
    operationId: 'getTransparencyReport',
    summary:
      'The platform-wide transparency report of a month: grants, withdrawals and accesses per scope; exports and erasures',
    description:
      'Per scope, how many people granted it, withdrew it and had it used by a mini-app in one month (UTC). Counts below k = 10 are withheld, the others carry discrete Laplace noise, and the report is released once: asked again, the same report comes back. Only the last month that is over is released anew; earlier months are served as released. The data exports and erasures people asked for are released apart, with wider noise (one person may ask for several exports).',
  })
  @ApiOkResponse({ type: TransparencyResponse })
  @ApiBadRequestResponse({ description: 'invalid-month: not YYYY-MM, or not over yet' })
  @ApiNotFoundResponse({ description: 'not-released: no report was released for that month' })
  async report(@Query() query: TransparencyQuery): Promise<TransparencyResponse> {
    const report: TransparencyReport = await this.queries.execute(new GetTransparencyReport(query.month));
    return { ...report, releasedAt: report.releasedAt.toISOString() };
  }
}
