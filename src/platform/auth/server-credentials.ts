import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtension } from '@nestjs/swagger';
import { type ServerCaller, VerifyServerCredentials } from '../../shared/contracts/runtime';
import { ProblemError } from '../../shared/kernel/problem';
import { IS_PUBLIC } from './decorators';

/** OpenAPI extension that marks a route as taking a mini-app's server credentials; the document builder reads it. */
export const SERVER_CREDENTIALS_EXTENSION = 'x-server-credentials';

interface ServerRequest {
  headers: Record<string, string | undefined>;
  miniApp?: ServerCaller;
}

/**
 * HTTP Basic with a mini-app's server credentials (RFC 6749 §2.3.1: `client_id` is the mini-app's
 * slug, `client_secret` the secret its owner created), checked by the runtime through the
 * `VerifyServerCredentials` query. Any failure is one 401 that says nothing of which part was wrong.
 */
@Injectable()
export class ServerCredentialsGuard implements CanActivate {
  constructor(private readonly queries: QueryBus) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ServerRequest>();
    const presented = basicCredentials(request.headers.authorization);
    const caller = presented
      ? await this.queries.execute<VerifyServerCredentials, ServerCaller | null>(
          new VerifyServerCredentials(presented.clientId, presented.clientSecret),
        )
      : null;
    if (!caller) {
      throw new ProblemError(
        401,
        'invalid-client',
        'Unauthorized',
        "This route needs the mini-app's server credentials: Authorization: Basic base64(client_id:client_secret), client_id being the mini-app's slug.",
        undefined,
        { 'WWW-Authenticate': 'Basic realm="mini-app server API", charset="UTF-8"' },
      );
    }
    request.miniApp = caller;
    return true;
  }
}

/**
 * A route for mini-app backends, not users: no bearer token, the mini-app's server credentials
 * instead (`@ServerCredentials()`, then `@CallingMiniApp() caller: ServerCaller`).
 */
export const ServerCredentials = () =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    UseGuards(ServerCredentialsGuard),
    ApiExtension(SERVER_CREDENTIALS_EXTENSION, true),
  );

/** The mini-app whose server credentials the request carried. */
export const CallingMiniApp = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ServerCaller =>
    context.switchToHttp().getRequest<ServerRequest>().miniApp!,
);

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1 || decoded.length > 1_000) return null;
  return { clientId: formDecoded(decoded.slice(0, colon)), clientSecret: formDecoded(decoded.slice(colon + 1)) };
}

/** RFC 6749 has clients form-encode both parts before Basic; ours need no encoding, so a part that does not decode is taken as it is. */
function formDecoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
