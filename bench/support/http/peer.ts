// bench:http's peer: what a competent team builds with the usual NestJS stack for the same two
// routes: Nest on Fastify, a global passport-jwt guard, the ValidationPipe, nestjs-pino and TypeORM's
// findOne, under the same tracing setting as the platform (its OpenTelemetry instrumentation, loaded first).
require('../../../dist/instrument');
import 'reflect-metadata';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  Req,
  SetMetadata,
  ValidationPipe,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Logger, LoggerModule } from 'nestjs-pino';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Column, Entity, PrimaryColumn, type Repository } from 'typeorm';
import { baselineEnv, exitOnStartFailure, LIVE } from './baseline-env';

const env = baselineEnv();
const PUBLIC = 'public';
const Public = () => SetMetadata(PUBLIC, true);

@Entity({ schema: 'identity', name: 'users' })
class User {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column({ type: 'varchar', name: 'display_name' }) displayName: string;
  @Column({ type: 'text', array: true }) roles: string[];
  @Column({ type: 'varchar', nullable: true }) locale: string | null;
  @Column({ type: 'varchar', name: 'avatar_url', nullable: true }) avatarUrl: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
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
class JwtGuard extends AuthGuard('jwt') implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }
}

@Controller('health')
class HealthController {
  @Public()
  @Get('live')
  live() {
    return LIVE;
  }
}

@Controller('identity/me')
class ProfileController {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  @Get()
  async me(@Req() request: { user: { id: string } }) {
    const user = await this.users.findOne({ where: { id: request.user.id } });
    if (!user) throw new NotFoundException();
    return { ...user, createdAt: user.createdAt.toISOString() };
  }
}

@Module({
  imports: [
    LoggerModule.forRoot({ pinoHttp: { level: env.logLevel } }),
    PassportModule,
    TypeOrmModule.forRoot({ type: 'postgres', url: env.databaseUrl, entities: [User], extra: { max: 10 } }),
    TypeOrmModule.forFeature([User]),
  ],
  controllers: [HealthController, ProfileController],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: JwtGuard }],
})
class PeerModule {}

async function start(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(PeerModule, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen(env.port, '127.0.0.1');
}

start().catch(exitOnStartFailure('the peer server'));
