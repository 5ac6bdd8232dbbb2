import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ProblemError } from '../../shared/kernel/problem';
import type { AuthenticatedUser } from '../../shared/kernel/authenticated-user';
import { IS_PUBLIC } from './decorators';
import { RevokedSubjects } from './revoked-subjects';
import { VerifiedTokenCache } from './verified-token-cache';

/** Authentication by default: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly revoked: RevokedSubjects,
  ) {
    super();
  }

  private readonly verified = new VerifiedTokenCache();

  /** Synchronous for a public route and a token verified before: an awaited guard costs every request microtask turns. */
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const token = bearerToken(request.headers.authorization);
    const known = token ? this.verified.get(token) : undefined;
    if (!known) return this.verify(context, request, token);
    request.user = known;
    return this.notRevoked(request.user);
  }

  private async verify(
    context: ExecutionContext,
    request: { user?: AuthenticatedUser },
    token: string | undefined,
  ): Promise<boolean> {
    await super.canActivate(context);
    if (token && request.user) this.verified.set(token, request.user, request.user.expiresAt);
    return this.notRevoked(request.user);
  }

  private notRevoked(user: AuthenticatedUser | undefined): true {
    if (user && this.revoked.isRevoked(user.id)) throw invalidToken();
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error || !user) {
      const missing = info instanceof Error && /No auth token/i.test(info.message);
      if (!missing) throw invalidToken();
      throw new ProblemError(
        401,
        'missing-token',
        'Unauthorized',
        'This route needs a bearer token: Authorization: Bearer <access token>.',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    return user;
  }
}

function invalidToken(): ProblemError {
  return new ProblemError(
    401,
    'invalid-token',
    'Unauthorized',
    'The bearer token is invalid or expired; log in or refresh to get a new one.',
    undefined,
    { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  );
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}
