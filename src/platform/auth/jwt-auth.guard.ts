import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ProblemError } from '../../shared/kernel/problem';
import { IS_PUBLIC } from './decorators';

/** Authentication by default: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error || !user) {
      const missing = info instanceof Error && /No auth token/i.test(info.message);
      throw new ProblemError(
        401,
        missing ? 'missing-token' : 'invalid-token',
        'Unauthorized',
        missing
          ? 'This route needs a bearer token: Authorization: Bearer <access token>.'
          : 'The bearer token is invalid or expired; log in or refresh to get a new one.',
        undefined,
        { 'WWW-Authenticate': missing ? 'Bearer' : 'Bearer error="invalid_token"' },
      );
    }
    return user;
  }
}
