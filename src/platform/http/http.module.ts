import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import { AllowedMethods } from './allowed-methods';
import { MEMOIZED_REFLECTOR } from './memoized-reflector';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RateLimitGate, RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { UploadsOnlyWhereAccepted } from './uploads';
import { createValidationPipe } from './validation.pipe';

/** The gateway's global behaviour. Guards run in this order: a body this route takes, who is calling, how often, may they. */
@Global()
@Module({
  imports: [RateLimitModule],
  providers: [
    AllowedMethods,
    // The global guards' route metadata, read once per route (their Reflector only; nothing is exported).
    MEMOIZED_REFLECTOR,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: UploadsOnlyWhereAccepted },
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    RateLimitGuard,
    { provide: APP_GUARD, useClass: RateLimitGate },
    { provide: APP_GUARD, useExisting: RolesGuard },
  ],
  exports: [AllowedMethods],
})
export class HttpModule {}
