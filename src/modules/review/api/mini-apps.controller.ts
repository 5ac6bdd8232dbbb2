import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiLocation } from '../../../platform/http/openapi-decorators';
import { AcceptsUpload } from '../../../platform/http/uploads';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { invalid, ProblemError } from '../../../shared/kernel/problem';
import { REVIEW_ROLES } from '../../../shared/kernel/roles';
import { RegisterMiniApp } from '../application/commands/register-mini-app.command';
import { DecideVersion } from '../application/commands/decide-version.command';
import { PublishVersion } from '../application/commands/publish-version.command';
import { ChangeLiveVersion } from '../application/commands/take-down.command';
import { SubmitVersion } from '../application/commands/submit-version.command';
import { GetVersion } from '../application/queries/get-version.query';
import { RegisterMiniAppRequest } from './dto/register-mini-app.request';
import { RejectRequest } from './dto/reject.request';
import { RollbackRequest } from './dto/rollback.request';
import { MiniAppResponse, VersionResponse } from './dto/review.responses';

@ApiTags('review')
@Controller('review/mini-apps')
export class MiniAppsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('developer')
  @ApiOperation({
    operationId: 'registerMiniApp',
    summary: 'Register a mini-app (developers)',
    description:
      'Registers a mini-app under a unique slug with its name, category and description (developer role); its versions are uploaded next.',
  })
  @ApiCreatedResponse({ type: MiniAppResponse })
  async register(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: RegisterMiniAppRequest,
  ): Promise<MiniAppResponse> {
    return MiniAppResponse.from(
      await this.commands.execute(
        new RegisterMiniApp(caller.id, body.slug, body.name, body.category, body.description),
      ),
    );
  }

  @Post(':slug/versions')
  @HttpCode(202)
  @AcceptsUpload()
  @Roles('developer')
  @ApiOperation({
    operationId: 'submitVersion',
    summary:
      'Upload a version: a .zip (multipart field `bundle`) with manifest.json and the assets; the review pipeline starts',
    description:
      "Uploads a version of the caller's mini-app as a .zip (multipart field `bundle`) with manifest.json and its assets. The bundle is checked at once (size, files, manifest) and then scanned in the background: follow the version at its Location until it is in review or rejected.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['bundle'], properties: { bundle: { type: 'string', format: 'binary' } } },
  })
  @ApiAcceptedResponse({ type: VersionResponse })
  @ApiLocation(
    'The version, where its progress through the pipeline shows: /review/mini-apps/{slug}/versions/{version}',
  )
  async submit(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionResponse> {
    const bundle = await readBundle(request);
    const version = VersionResponse.from(await this.commands.execute(new SubmitVersion(caller.id, slug, bundle)));
    reply.header(
      'location',
      `/review/mini-apps/${encodeURIComponent(slug)}/versions/${encodeURIComponent(version.version)}`,
    );
    return version;
  }

  @Post(':slug/versions/:version/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'approveVersion',
    summary: 'Approve a version in review (reviewers): open in the QA channel, ready to publish',
    description:
      "A reviewer approves a version in review: it opens in the QA channel and its developer may publish it (reviewer role; not for a reviewer's own mini-app).",
  })
  @ApiOkResponse({ type: VersionResponse })
  async approve(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('version') version: string,
  ): Promise<VersionResponse> {
    return VersionResponse.from(
      await this.commands.execute(new DecideVersion(caller.id, slug, version, { verdict: 'approve' })),
    );
  }

  @Post(':slug/versions/:version/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    operationId: 'rejectVersion',
    summary: 'Reject a version in review, with reasons the developer can act on (reviewers)',
    description: 'A reviewer rejects a version in review, with reasons its developer can act on (reviewer role).',
  })
  @ApiOkResponse({ type: VersionResponse })
  async reject(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Body() body: RejectRequest,
  ): Promise<VersionResponse> {
    return VersionResponse.from(
      await this.commands.execute(
        new DecideVersion(caller.id, slug, version, { verdict: 'reject', reasons: body.reasons }),
      ),
    );
  }

  @Post(':slug/versions/:version/publish')
  @HttpCode(200)
  @Roles('developer', 'admin')
  @ApiOperation({
    operationId: 'publishVersion',
    summary: 'Make an approved version live: its bundle digest is signed and the catalogue lists it',
    description:
      "Makes an approved version the live one: its bundle digest is signed with the platform's key and the catalogue lists it (the mini-app's developer, or an admin).",
  })
  @ApiOkResponse({ type: VersionResponse })
  async publish(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('version') version: string,
  ): Promise<VersionResponse> {
    return VersionResponse.from(await this.commands.execute(new PublishVersion(caller, slug, version)));
  }

  @Post(':slug/unpublish')
  @HttpCode(200)
  @Roles(...REVIEW_ROLES)
  @ApiOperation({
    operationId: 'unpublishMiniApp',
    summary: 'Take a mini-app down: no version of it is listed or served any more (reviewers, admins)',
    description:
      'Takes a mini-app down: no version of it is listed, launched or served any more, until a rollback (reviewer or admin role).',
  })
  @ApiOkResponse({ type: MiniAppResponse })
  async unpublish(@CurrentUser() caller: AuthenticatedUser, @Param('slug') slug: string): Promise<MiniAppResponse> {
    return MiniAppResponse.from(await this.commands.execute(new ChangeLiveVersion(caller.id, slug, { to: 'none' })));
  }

  @Post(':slug/rollback')
  @HttpCode(200)
  @Roles(...REVIEW_ROLES)
  @ApiOperation({
    operationId: 'rollBackMiniApp',
    summary: 'Make an earlier published version the live one again (reviewers, admins)',
    description:
      'Makes an earlier published version the live one again, also after a take-down (reviewer or admin role).',
  })
  @ApiOkResponse({ type: MiniAppResponse })
  async rollback(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Body() body: RollbackRequest,
  ): Promise<MiniAppResponse> {
    return MiniAppResponse.from(
      await this.commands.execute(new ChangeLiveVersion(caller.id, slug, { to: 'version', version: body.version })),
    );
  }

  @Get(':slug/versions/:version')
  @ApiOperation({
    operationId: 'getVersion',
    summary: "A version's status in the pipeline and its findings (its developer, reviewers, admins)",
    description:
      "A version's place in the pipeline (submitted, scanning, in review, approved, rejected, published), its findings and reasons. For its developer, reviewers and admins; anyone else gets 404.",
  })
  @ApiOkResponse({ type: VersionResponse })
  async version(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('version') version: string,
  ): Promise<VersionResponse> {
    return VersionResponse.from(await this.queries.execute(new GetVersion(caller, slug, version)));
  }
}

/** The `bundle` part, read into memory up to the multipart limit (the compressed size limit); over it, 413. */
async function readBundle(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the bundle as multipart/form-data in the field `bundle`.',
    );
  const missing = () =>
    invalid('bundle-missing', 'Bundle missing', 'Send the .zip in the multipart field `bundle`.', [
      { pointer: '#/bundle', detail: 'is required' },
    ]);
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'bundle') throw missing();
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new ProblemError(
        413,
        'bundle-too-large',
        'Bundle refused',
        'The bundle is larger than this platform accepts.',
      );
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') throw missing();
    // busboy's own complaints (no boundary, a body cut short): the request is malformed, not the server.
    throw invalid(
      'malformed-multipart',
      'Malformed multipart body',
      'The multipart/form-data body could not be read; send one part named `bundle`.',
    );
  }
}
