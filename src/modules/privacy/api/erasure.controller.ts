import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { notFound } from '../../../shared/kernel/problem';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetErasure } from '../application/erasure/get-erasure.query';
import { RequestErasure } from '../application/erasure/request-erasure.command';
import type { Erasure } from '../application/ports/erasures';

class ErasureRequest {
  @ApiProperty({ example: 'correct horse battery staple', description: 'Your password, to confirm it is you' })
  @IsString()
  @Length(1, 512)
  password: string;
}

class ErasureStepResponse {
  @ApiProperty({ example: 'wallet' })
  module: string;
  @ApiProperty({ enum: ['pending', 'erased'] })
  state: 'pending' | 'erased';
  @ApiPropertyOptional({ description: 'When the module confirmed' })
  erasedAt?: string;
}

class ErasureResponse {
  @ApiProperty({ description: 'Also the secret part of its status URL: keep it to follow the progress' })
  id: string;
  @ApiProperty({ enum: ['in-progress', 'completed'] })
  state: 'in-progress' | 'completed';
  @ApiProperty()
  requestedAt: string;
  @ApiPropertyOptional()
  completedAt?: string;
  @ApiProperty({
    type: [ErasureStepResponse],
    description: 'Each module that held data on you, and whether it erased it',
  })
  steps: ErasureStepResponse[];
  @ApiProperty({
    example: '/privacy/erasures/5b0c…',
    description: 'Where to follow it (no token needed: your tokens stopped working)',
  })
  statusUrl: string;

  static from(erasure: Erasure): ErasureResponse {
    return {
      id: erasure.id,
      state: erasure.completedAt ? 'completed' : 'in-progress',
      requestedAt: erasure.requestedAt.toISOString(),
      ...(erasure.completedAt && { completedAt: erasure.completedAt.toISOString() }),
      steps: erasure.steps.map((step) => ({
        module: step.module,
        state: step.erasedAt ? 'erased' : 'pending',
        ...(step.erasedAt && { erasedAt: step.erasedAt.toISOString() }),
      })),
      statusUrl: `/privacy/erasures/${erasure.id}`,
    };
  }
}

/** The right to erasure (GDPR Art. 17): everything the platform holds on you, gone, module by module. */
@ApiTags('privacy')
@Controller('privacy')
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('me/erasure')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Erase my account and everything the platform holds on me',
    description:
      'Confirmed with your password. Your tokens stop working at once; each module then erases (or, where the law ' +
      'makes us keep books, pseudonymises) its part, and every mini-app you used is told. Follow it at `statusUrl`. ' +
      'Asked again while one runs, the running one comes back. After it, your e-mail address can register again, as a new person.',
  })
  @ApiAcceptedResponse({
    type: ErasureResponse,
    headers: { Location: { description: 'The status URL', schema: { type: 'string' } } },
  })
  @ApiForbiddenResponse({ description: 'wrong-password: nothing was done' })
  @ApiConflictResponse({ description: 'wallet-not-empty: move the money out first (the problem says how)' })
  @ApiTooManyRequestsResponse({ description: 'login-locked: too many wrong passwords' })
  async erase(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ErasureRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureResponse> {
    const erasure = ErasureResponse.from(await this.commands.execute(new RequestErasure(caller.id, body.password)));
    reply.header('location', erasure.statusUrl);
    return erasure;
  }

  @Get('erasures/:id')
  @Public()
  @ApiOperation({
    summary: "An erasure's progress, module by module",
    description:
      'A capability URL: its unguessable id is the only key (the person it erases has no token any more). It names no one.',
  })
  @ApiOkResponse({ type: ErasureResponse })
  @ApiNotFoundResponse({ description: 'No erasure has this id' })
  async status(@Param('id', new ParseUUIDPipe()) id: string): Promise<ErasureResponse> {
    const erasure = await this.queries.execute(new GetErasure(id));
    if (!erasure) throw notFound('The erasure');
    return ErasureResponse.from(erasure);
  }
}
