import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../platform/auth/decorators';
import { ApiETag } from '../../../platform/http/openapi-decorators';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { isMiniAppHost, miniAppOrigin, sdkUrl } from '../../../platform/config/mini-app-origin';
import { notFound } from '../../../shared/kernel/problem';
import { GetPublishedFile } from '../application/queries/published-file.query';
import { frameHeaders, withSdkFirst } from '../domain/frame-headers';
import { SLUG } from '../domain/manifest';

const DIGEST = /^[0-9a-f]{64}$/;
const PREFIX = /^\/apps\/[^/]+\/[^/]+\//;

/**
 * Live bundles, file by file, for the shell's sandboxed frames: only on the mini-app origin
 * (MINIAPP_ORIGIN), never on the shell's, and public, since a frame cannot send a token and a live
 * bundle is no secret (it is signed and listed).
 */
@ApiTags('review')
@Controller('apps')
export class FramesController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get(':slug/:digest/*')
  @Public()
  @ApiOperation({
    operationId: 'getBundleFile',
    summary:
      "A file of a mini-app's live bundle, served on the mini-app origin with the sandbox's CSP and Permissions-Policy; the entry page loads the SDK first",
    description:
      "Serves one file of a mini-app's live bundle on the mini-app origin (MINIAPP_ORIGIN), never on the shell's, with the sandbox's Content-Security-Policy and Permissions-Policy; the ETag is the bundle's digest, so `If-None-Match` answers 304. Public: the sandboxed frame sends no credentials.",
  })
  @ApiParam({ name: 'path', description: 'The file inside the bundle, e.g. index.html or assets/app.js' })
  @ApiProduces('text/html', 'text/javascript', 'text/css', 'image/png', 'application/octet-stream')
  @ApiETag("The bundle's digest: every file of a bundle shares it")
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Not the mini-app origin, not the live bundle, or no such file' })
  async file(
    @Param('slug') slug: string,
    @Param('digest') digest: string,
    @Headers('host') host: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const path = filePath(request.url);
    if (!isMiniAppHost(host, this.config) || !SLUG.test(slug) || !DIGEST.test(digest) || path === null)
      throw notFound('The file');
    const file = await this.queries.execute(new GetPublishedFile(slug, digest, path));
    const sdk = sdkUrl(this.config);
    const headers = frameHeaders(`${miniAppOrigin(this.config)}/apps/${slug}/${digest}/`, sdk, digest, path);
    // The platform's default X-Frame-Options would stop the shell (another origin) from framing it.
    reply.removeHeader('x-frame-options');
    reply.headers(headers);
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === headers.etag)) return void reply.code(304).send();
    await reply.code(200).send(file.isEntry ? withSdkFirst(file.content, sdk) : file.content);
  }
}

/** The bundle path after /apps/:slug/:digest/, decoded; null for one that is empty, malformed or climbs out. */
function filePath(url: string): string | null {
  const raw = url.split('?')[0].replace(PREFIX, '');
  try {
    const path = raw.split('/').map(decodeURIComponent).join('/');
    return path && !path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')
      ? path
      : null;
  } catch {
    return null;
  }
}
