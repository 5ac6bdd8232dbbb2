// bench:http's peer: what a competent team builds with the usual NestJS stack for the same two
// routes: Nest on Fastify, a global passport-jwt guard, the ValidationPipe, nestjs-pino and TypeORM's
// findOne, under the same tracing setting as the platform (its OpenTelemetry instrumentation, loaded first).
import '../instrument';
import 'reflect-metadata';
import { Controller, Get, Module, NotFoundException, Req } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Column, Entity, PrimaryColumn, type Repository } from 'typeorm';
import { Public, peerAuthProviders, startPeer } from './peer-app';
import { baselineEnv, LIVE } from './baseline-env';

const env = baselineEnv();

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
  providers: peerAuthProviders,
})
class PeerModule {}

startPeer(PeerModule, 'the peer server');
