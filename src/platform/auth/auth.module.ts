import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { MEMOIZED_REFLECTOR } from '../http/memoized-reflector';
import { AccessTokenService } from './access-token.service';
import { JwksController } from './jwks.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { KeyRing } from './key-ring';
import { RevokedSubjects } from './revoked-subjects';
import { RolesGuard } from './roles.guard';

@Global()
@Module({
  imports: [PassportModule],
  controllers: [JwksController],
  providers: [
    { provide: KeyRing, inject: [APP_CONFIG], useFactory: (config: PlatformConfig) => KeyRing.load(config) },
    AccessTokenService,
    JwtStrategy,
    JwtAuthGuard,
    RolesGuard,
    RevokedSubjects,
    // The guards' route metadata, read once per route (their Reflector only; nothing is exported).
    MEMOIZED_REFLECTOR,
  ],
  exports: [AccessTokenService, KeyRing, JwtAuthGuard, RolesGuard, RevokedSubjects],
})
export class AuthModule {}
