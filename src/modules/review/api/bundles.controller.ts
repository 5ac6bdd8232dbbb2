import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import { ApiETag } from '../../../platform/http/openapi-decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { mayReview } from '../../../shared/kernel/roles';
import { GetPublishedBundle } from '../application/queries/published-bundle.query';
import { BundleSigner } from '../application/ports/bundle-signer';

@ApiTags('review')
@Controller()
export class BundlesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly signer: BundleSigner,
  ) {}

  @Get('mini-apps/:slug/versions/:version/bundle')
  @ApiOperation({
    operationId: 'downloadBundle',
    summary:
      "A published bundle (.zip), or for reviewers an approved one (QA); ETag is its SHA-256, X-Bundle-Signature the platform's Ed25519 signature once published",
    description:
      "A published version's bundle (.zip), or for reviewers and admins an approved one (QA). The ETag is the bundle's SHA-256, so `If-None-Match` answers 304; `X-Bundle-Signature` is the platform's Ed25519 signature of the digest once published.",
  })
  @ApiProduces('application/zip')
  @ApiETag("The bundle's SHA-256 (hex), quoted")
  @ApiOkResponse({
    description: 'The bundle',
    schema: { type: 'string', format: 'binary' },
    headers: {
      'X-Bundle-Digest': { description: "The bundle's SHA-256, hex", schema: { type: 'string' } },
      'X-Bundle-Signature': {
        description:
          "The platform's Ed25519 signature of the digest (base64url), once published; verify it with GET /review/signing-key",
        schema: { type: 'string' },
      },
    },
  })
  async bundle(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('version') version: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const reviewer = mayReview(caller.roles);
    const { digest, signature, content } = await this.queries.execute(new GetPublishedBundle(slug, version, reviewer));
    const etag = `"${digest}"`;
    reply
      .header('etag', etag)
      .header('x-bundle-digest', digest)
      .header('cache-control', signature ? 'public, max-age=31536000, immutable' : 'private, no-store');
    if (signature) reply.header('x-bundle-signature', signature);
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) return void reply.code(304).send();
    await reply.code(200).type('application/zip').send(content);
  }

  @Get('review/signing-key')
  @Public()
  @ApiOperation({
    operationId: 'getBundleSigningKey',
    summary: 'The public key that verifies bundle signatures (JWK, Ed25519)',
    description: 'The public key (a JWK, Ed25519) that verifies the `X-Bundle-Signature` of published bundles. Public.',
  })
  @ApiOkResponse({
    schema: { type: 'object', properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' } } },
  })
  signingKey(): Record<string, string> {
    return this.signer.publicJwk();
  }
}
