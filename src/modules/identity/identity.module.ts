import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { identityContract } from './identity.contract';
import { ProfileController } from './api/profile.controller';
import { RolesController } from './api/roles.controller';
import { SessionController } from './api/session.controller';
import { ConfirmPasswordHandler, EndAllSessionsHandler } from './application/commands/erasure.handlers';
import { ChangeRoleHandler } from './application/commands/change-role.command';
import { LogInHandler } from './application/commands/log-in.command';
import { LogOutHandler } from './application/commands/log-out.command';
import { RefreshSessionHandler } from './application/commands/refresh-session.command';
import { RegisterUserHandler } from './application/commands/register-user.command';
import { UpdateProfileHandler } from './application/commands/update-profile.command';
import { CommonPasswords } from './application/ports/common-passwords';
import { IdentityMetrics } from './application/ports/identity-metrics';
import { LoginThrottleRepository } from './application/ports/login-throttle-repository';
import { PasswordHasher } from './application/ports/password-hasher';
import { SessionRepository } from './application/ports/session-repository';
import { UserRepository } from './application/ports/user-repository';
import { FindUserIdByEmailHandler } from './application/queries/find-user-id-by-email.query';
import { GetUserHandler } from './application/queries/get-user.query';
import { SessionIssuer } from './application/session-issuer';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { PrometheusIdentityMetrics } from './infrastructure/prometheus-identity-metrics';
import { LoginThrottleEntity } from './infrastructure/login-throttle.entity';
import { RefreshTokenEntity } from './infrastructure/refresh-token.entity';
import { TypeOrmLoginThrottleRepository } from './infrastructure/typeorm-login-throttle.repository';
import { TypeOrmSessionRepository } from './infrastructure/typeorm-session.repository';
import { TypeOrmUserRepository } from './infrastructure/typeorm-user.repository';
import { UserEntity } from './infrastructure/user.entity';
import { ZxcvbnCommonPasswords } from './infrastructure/zxcvbn-common-passwords';
import { IdentityHousekeeping } from './application/identity-housekeeping';
import { PasswordCheck } from './application/password-check';
import { EraseIdentityData } from './application/subscribers/erase-personal-data.handler';
import { PersonalDataExport } from './application/ports/personal-data-export';
import { ExportIdentityPersonalDataHandler } from './application/queries/export-personal-data.handler';
import { SqlPersonalDataExport } from './infrastructure/sql-personal-data-export';

/**
 * Identity: users, credentials, sessions, roles and profile (schema `identity`).
 * Its published language is `src/shared/contracts/identity`; it knows no other module.
 */
@ModuleName(identityContract)
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, LoginThrottleEntity])],
  controllers: [SessionController, ProfileController, RolesController],
  providers: [
    { provide: PersonalDataExport, useClass: SqlPersonalDataExport },
    ExportIdentityPersonalDataHandler,
    IdentityHousekeeping,
    { provide: UserRepository, useClass: TypeOrmUserRepository },
    { provide: SessionRepository, useClass: TypeOrmSessionRepository },
    { provide: LoginThrottleRepository, useClass: TypeOrmLoginThrottleRepository },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: CommonPasswords, useClass: ZxcvbnCommonPasswords },
    { provide: IdentityMetrics, useClass: PrometheusIdentityMetrics },
    SessionIssuer,
    PasswordCheck,
    ConfirmPasswordHandler,
    EndAllSessionsHandler,
    EraseIdentityData,
    RegisterUserHandler,
    LogInHandler,
    RefreshSessionHandler,
    LogOutHandler,
    UpdateProfileHandler,
    ChangeRoleHandler,
    GetUserHandler,
    FindUserIdByEmailHandler,
  ],
})
export class IdentityModule {}
