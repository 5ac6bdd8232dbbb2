import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../../platform/auth/decorators';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import { type ProcessingActivity, recordOfProcessing } from '../application/record-of-processing';

const LEGAL_BASES = ['contract', 'legal-obligation', 'legitimate-interests', 'consent'];

class ProcessingActivityResponse {
  @ApiProperty({ example: 'identity', description: 'The module that holds it' })
  module: string;
  @ApiProperty({ example: 'sessions: staying signed in, and logging out everywhere' })
  purpose: string;
  @ApiProperty({ enum: LEGAL_BASES, example: 'contract', description: 'The legal basis (GDPR Art. 6(1))' })
  legalBasis: string;
  @ApiProperty({ example: 'kept: the ledger is append-only bookkeeping', description: 'How long it is kept' })
  retention: string;
  @ApiProperty({ type: [String], example: [], description: "Who outside the platform's operators receives it" })
  recipients: string[];
  @ApiProperty({
    example: 'deleted',
    description: "What erasing one's account does to it: `deleted`, or `kept: <why>` (books the law makes us keep)",
  })
  onErasure: string;
  @ApiPropertyOptional({ example: 'identity.refresh_tokens', description: 'Where it is kept (operators only)' })
  table?: string;
  @ApiPropertyOptional({ type: [String], example: ['user_id', 'token_hash'], description: 'Operators only' })
  columns?: string[];
}

class ProcessingRecordResponse {
  @ApiProperty({ type: [ProcessingActivityResponse] })
  activities: ProcessingActivityResponse[];
}

/** The record of processing (GDPR Art. 30), made from every module's declaration of the personal data it holds. */
@ApiTags('privacy')
@Controller('privacy/processing')
export class ProcessingController {
  constructor(
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'getRecordOfProcessing',
    summary: 'What personal data the platform keeps, why, on what basis, for how long, and who receives it',
    description:
      'The record of processing (GDPR Art. 30) for everyone: one activity per kind of personal record each module keeps, with its purpose, legal basis, retention (the configured value where a setting bounds it) and recipients. Made from the modules’ own declarations, which a test holds to the database.',
  })
  @ApiOkResponse({ type: ProcessingRecordResponse })
  public(): ProcessingRecordResponse {
    return this.record('public');
  }

  @Get('full')
  @Roles('admin')
  @ApiOperation({
    operationId: 'getFullRecordOfProcessing',
    summary: 'The record of processing with where each record is kept (admin)',
    description:
      'The same record as GET /privacy/processing, with the table and columns of each activity: for operators and auditors (admin role).',
  })
  @ApiOkResponse({ type: ProcessingRecordResponse })
  full(): ProcessingRecordResponse {
    return this.record('operators');
  }

  private record(variant: 'public' | 'operators'): ProcessingRecordResponse {
    const activities: ProcessingActivity[] = recordOfProcessing(this.contracts, this.config, variant);
    return {
      activities: activities.map((activity) => ({
        ...activity,
        recipients: [...activity.recipients],
        columns: activity.columns && [...activity.columns],
      })),
    };
  }
}
