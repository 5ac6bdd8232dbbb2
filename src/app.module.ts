import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { GovernanceBusModule } from './modules/governance-bus/governance-bus.module';
import { IdentityModule } from './modules/identity/identity.module';
import { ReviewModule } from './modules/review/review.module';
import { WalletModule } from './modules/wallet/wallet.module';
import type { PlatformConfig } from './platform/config/app-config';
import { PlatformModule } from './platform/platform.module';

/** The composition root: the platform plus the list of business modules. */
@Module({})
export class AppModule {
  /** `extraModules`: more modules for this deployable (tests add subscribers of their own). */
  static forRoot(config: PlatformConfig, extraModules: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), GovernanceBusModule, IdentityModule, WalletModule, ReviewModule, ...extraModules],
    };
  }
}
