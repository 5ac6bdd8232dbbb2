import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { MODULE_CONTRACT_LIST } from './module-contracts';
import { DiscoveryModule } from './modules/discovery/discovery.module';
import { GovernanceBusModule } from './modules/governance-bus/governance-bus.module';
import { IdentityModule } from './modules/identity/identity.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { ReviewModule } from './modules/review/review.module';
import { RuntimeModule } from './modules/runtime/runtime.module';
import { WalletModule } from './modules/wallet/wallet.module';
import type { PlatformConfig } from './platform/config/app-config';
import { MODULE_CONTRACTS } from './platform/messaging/module-contract';
import { PlatformModule } from './platform/platform.module';

/** Every business module; a deployable runs all of them, or the ones it names. */
export const BUSINESS_MODULES: ReadonlyArray<Type> = [
  IdentityModule,
  WalletModule,
  ReviewModule,
  DiscoveryModule,
  RuntimeModule,
  PaymentsModule,
  PrivacyModule,
];

/** Every module's declaration, to every module (the bus's catalogue and its start-time check read them). */
@Global()
@Module({
  providers: [{ provide: MODULE_CONTRACTS, useValue: MODULE_CONTRACT_LIST }],
  exports: [MODULE_CONTRACTS],
})
class ModuleContractsModule {}

/** The composition root: the platform, the governance bus (in every deployable) and the business modules. */
@Module({})
export class AppModule {
  /**
   * `extraModules`: more modules for this deployable (tests add subscribers of their own).
   * `businessModules`: which modules this deployable runs (a module extracted to its own service runs alone).
   */
  static forRoot(
    config: PlatformConfig,
    extraModules: Array<Type | DynamicModule> = [],
    businessModules: ReadonlyArray<Type> = BUSINESS_MODULES,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        ModuleContractsModule,
        GovernanceBusModule,
        ...businessModules,
        ...extraModules,
      ],
    };
  }
}
