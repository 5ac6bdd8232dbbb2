import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../../platform/auth/decorators';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { ApiLocation } from '../../../platform/http/openapi-decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { RequestExport } from '../application/commands/request-export.command';
import { GetExport, GetExportArchive, ListExports } from '../application/queries/get-export.query';
import { deletedAt, type PersonalDataExport } from '../domain/personal-data-export';

const STATUSES = ['pending', 'ready', 'failed'];

class ExportResponse {
  @ApiProperty({ format: 'uuid', example: '01938a3e-7c4f-7d2a-9b1e-5f0c2d4e6a81' })
  id: string;
  @ApiProperty({
    enum: STATUSES,
    example: 'pending',
    description: 'pending: being assembled; ready: download it at archiveUrl; failed: ask for a new one',
  })
  status: string;
  @ApiProperty({ format: 'date-time' })
  requestedAt: string;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it became ready, or failed',
  })
  completedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    description: 'When the export and its archive are deleted (PRIVACY_EXPORT_RETENTION_HOURS after it was assembled)',
  })
  deletedAt: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '/privacy/me/exports/01938a3e-7c4f-7d2a-9b1e-5f0c2d4e6a81/archive',
    description: 'Where the archive downloads, once ready',
  })
  archiveUrl: string | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 48213,
    description: "The archive's size in bytes, once ready",
  })
  archiveBytes: number | null;
}

class ExportListResponse {
  @ApiProperty({ type: [ExportResponse] })
  items: ExportResponse[];
}

const exportUrl = (id: string) => `/privacy/me/exports/${id}`;

/**
 * The caller's data export (GDPR Art. 15 and 20): asked for, assembled in the background from every
 * module's own answer, then downloaded as one JSON archive by its owner only.
 */
@ApiTags('privacy')
@Controller('privacy/me/exports')
export class ExportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'requestDataExport',
    summary: 'Ask for a copy of everything the platform holds on you (GDPR Art. 15 and 20)',
    description:
      "Starts assembling the caller's data export: one JSON archive with a section per module and the record of processing. Follow it at its Location until it is ready, then download the archive. While an export of the caller's is being assembled, asking again answers that same export (202, same id) rather than starting another. At most PRIVACY_EXPORTS_PER_DAY asks in 24 hours; an archive is deleted PRIVACY_EXPORT_RETENTION_HOURS after it was assembled.",
  })
  @ApiAcceptedResponse({ type: ExportResponse })
  @ApiLocation('The export, where its status shows: /privacy/me/exports/{id}')
  @ApiTooManyRequestsResponse({
    description:
      'too-many-exports: PRIVACY_EXPORTS_PER_DAY asks in the last 24 hours (Retry-After: when one more is allowed)',
  })
  async request(
    @CurrentUser() caller: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExportResponse> {
    const exported: PersonalDataExport = await this.commands.execute(new RequestExport(caller.id));
    reply.header('location', exportUrl(exported.id));
    return this.response(exported);
  }

  @Get()
  @ApiOperation({
    operationId: 'listDataExports',
    summary: "The caller's data exports, newest first",
    description:
      "Every export of the caller's that is still kept (PRIVACY_EXPORT_RETENTION_HOURS after it was assembled), newest first, with its status: the way back to an export whose id was lost.",
  })
  @ApiOkResponse({ type: ExportListResponse })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<ExportListResponse> {
    const exports: PersonalDataExport[] = await this.queries.execute(new ListExports(caller.id));
    return { items: exports.map((exported) => this.response(exported)) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getDataExport',
    summary: "One of the caller's data exports: its status, and where its archive downloads once ready",
    description:
      "The status of one of the caller's exports (pending, ready, failed), when it will be deleted, and, once ready, the URL of its archive. Another person's export answers 404, as one that does not exist.",
  })
  @ApiOkResponse({ type: ExportResponse })
  @ApiNotFoundResponse({ description: 'No export of yours has this id (or it was deleted after its retention)' })
  async get(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ExportResponse> {
    return this.response(await this.queries.execute(new GetExport(caller.id, id)));
  }

  @Get(':id/archive')
  @ApiOperation({
    operationId: 'downloadDataExport',
    summary: "The archive of one of the caller's data exports, as a JSON file",
    description:
      "The archive, as an attachment (Content-Disposition), in the format `superapp-export/1`: `format`, `generatedAt`, `subject` ({userId}), `modules` (each module, and why it gave no section when it gave none), `recordOfProcessing` (as GET /privacy/processing) and `sections` (one per module: identity, runtime, wallet, payments, review). Never a secret (password, token, code or provider-token hash). The owner's only: another person's export answers 404.",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'The archive, a JSON file (Content-Disposition: attachment)',
    schema: {
      type: 'object',
      required: ['format', 'generatedAt', 'subject', 'modules', 'recordOfProcessing', 'sections'],
      properties: {
        format: { type: 'string', enum: ['superapp-export/1'] },
        generatedAt: { type: 'string', format: 'date-time' },
        subject: { type: 'object', properties: { userId: { type: 'string', format: 'uuid' } } },
        modules: { type: 'array', items: { type: 'object' } },
        recordOfProcessing: { type: 'array', items: { type: 'object' } },
        sections: { type: 'object', additionalProperties: { type: 'object' } },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No export of yours has this id (or it was deleted after its retention)' })
  @ApiConflictResponse({ description: 'export-not-ready: still being assembled (Retry-After), or it failed' })
  async archive(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const archive: Buffer = await this.queries.execute(new GetExportArchive(caller.id, id));
    await reply
      .code(200)
      .headers({
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="superapp-export-${id}.json"`,
        'cache-control': 'private, no-store',
      })
      .send(archive);
  }

  private response(exported: PersonalDataExport): ExportResponse {
    return {
      id: exported.id,
      status: exported.status,
      requestedAt: exported.requestedAt.toISOString(),
      completedAt: exported.completedAt?.toISOString() ?? null,
      deletedAt: deletedAt(exported, this.config.PRIVACY_EXPORT_RETENTION_HOURS).toISOString(),
      archiveUrl: exported.status === 'ready' ? `${exportUrl(exported.id)}/archive` : null,
      archiveBytes: exported.archiveBytes,
    };
  }
}
