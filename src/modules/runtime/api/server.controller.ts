import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../../../platform/auth/decorators';
import { CallingMiniApp, ServerCredentials } from '../../../platform/auth/server-credentials';
import type { ServerCaller } from '../../../shared/contracts/runtime';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ExchangeLoginCode } from '../application/commands/exchange-login-code.command';
import { RotateServerSecret } from '../application/commands/rotate-server-secret.command';
import { RuntimeSigner } from '../application/ports/runtime-signer';
import { CredentialsResponse, ExchangeRequest, SessionResponse } from './dto/server.dto';

/** What mini-app backends and their developers use: server credentials, the code exchange, and the key that verifies what the platform signs. */
@ApiTags('runtime')
@Controller('runtime')
export class ServerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly signer: RuntimeSigner,
  ) {}

  @Post('mini-apps/:slug/credentials')
  @Roles('developer')
  @ApiOperation({
    operationId: 'rotateServerCredentials',
    summary:
      "Create or rotate the mini-app's client secret (its owner): shown once; the previous one keeps working for RUNTIME_SECRET_GRACE_SECONDS",
    description:
      "Creates the first client secret of the caller's mini-app, or a new one: it is shown in this answer only (kept as a hash), and the previous secret keeps working for RUNTIME_SECRET_GRACE_SECONDS so backends can switch without downtime. The mini-app's owner only (developer role).",
  })
  @ApiCreatedResponse({ type: CredentialsResponse })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug' })
  async rotate(@CurrentUser() caller: AuthenticatedUser, @Param('slug') slug: string): Promise<CredentialsResponse> {
    const issued = await this.commands.execute(new RotateServerSecret(caller.id, slug));
    return { ...issued, previousSecretValidUntil: issued.previousSecretValidUntil?.toISOString() ?? null };
  }

  @Post('sessions/exchange')
  @HttpCode(200)
  @ServerCredentials()
  @ApiOperation({
    operationId: 'exchangeLoginCode',
    summary:
      "A mini-app's backend exchanges a login code for the user's pairwise id and granted scopes (HTTP Basic: slug and client secret)",
    description:
      "Called by a mini-app's backend, authenticated with its server credentials (HTTP Basic: the slug and the client secret): exchanges a one-time login code from superapp.login() for the user's pairwise id (openid) in this mini-app and the scopes granted. A code works once, for 60 s, and only for the mini-app it was issued to.",
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiBadRequestResponse({ description: 'invalid-code: unknown, used, expired, or issued to another mini-app' })
  async exchange(@CallingMiniApp() caller: ServerCaller, @Body() body: ExchangeRequest): Promise<SessionResponse> {
    return this.commands.execute(new ExchangeLoginCode(caller, body.code));
  }

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'runtimeJwks',
    summary: 'The public key (JWKS, Ed25519) that verifies launchData and the X-Superapp-Signature of proxied requests',
    description:
      "The runtime's public key as a JWKS (Ed25519): it verifies launchData and the `X-Superapp-Signature` token on proxied requests. Public, cacheable for 5 minutes.",
  })
  @ApiOkResponse({
    description: 'The JSON Web Key Set',
    schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } },
  })
  jwks(): { keys: Array<Record<string, string>> } {
    return this.signer.jwks();
  }
}
