// What the peers share, as the usual NestJS stack does it: a global passport-jwt guard accepting the platform's
// ES256 tokens (with a @Public() escape for the health route), and a start on Fastify with nestjs-pino's logger and
// the ValidationPipe.
import { type ExecutionContext, Inject, Injectable, SetMetadata, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { baselineEnv, exitOnStartFailure } from './baseline-env';

const PUBLIC = 'public';
export const Public = () => SetMetadata(PUBLIC, true);

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    const env = baselineEnv();
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: env.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      algorithms: ['ES256'],
      issuer: env.issuer,
      audience: env.audience,
    });
  }

  validate(payload: { sub: string }): { id: string } {
    return { id: payload.sub };
  }
}

@Injectable()
class JwtGuard extends AuthGuard('jwt') {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }
}

/** Providers for a peer's module (with PassportModule imported). */
export const peerAuthProviders = [JwtStrategy, { provide: APP_GUARD, useClass: JwtGuard }];

/** Serves `module` on the baseline's port; a failed start prints one line and exits. */
export function startPeer(module: object, name: string): void {
  const start = async () => {
    const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
    await app.listen(baselineEnv().port, '127.0.0.1');
  };
  start().catch(exitOnStartFailure(name));
}
