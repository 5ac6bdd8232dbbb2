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
import { CallsModule } from './platform/messaging/calls/calls.module';
import { StartupFailure } from './platform/config/startup-failure';

/** Every business module by its declared name; a deployable runs all of them, or the ones MODULES names. */
export const BUSINESS_MODULES: Readonly<Record<string, Type>> = {
  identity: IdentityModule,
  wallet: WalletModule,
  review: ReviewModule,
  discovery: DiscoveryModule,
  runtime: RuntimeModule,
  payments: PaymentsModule,
  privacy: PrivacyModule,
};

/** The names of the business modules this process runs: MODULES, or all of them. */
export function runningModules(config: Pick<PlatformConfig, 'MODULES'>): string[] {
  const known = Object.keys(BUSINESS_MODULES);
  const unknown = (config.MODULES ?? []).filter((name) => !known.includes(name));
  if (unknown.length)
    throw new StartupFailure(
      `Invalid configuration: MODULES: ${unknown.join(', ')} is not a business module (they are ${known.join(', ')}; the governance bus runs in every process)`,
    );
  return config.MODULES ? [...new Set(config.MODULES)] : known;
}

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
   * Which business modules it runs: MODULES (a module extracted to its own service runs alone).
   */
  static forRoot(config: PlatformConfig, extraModules: Array<Type | DynamicModule> = []): DynamicModule {
    const businessModules = runningModules(config).map((name) => BUSINESS_MODULES[name]);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        ModuleContractsModule,
        GovernanceBusModule,
        ...(config.BUS_TRANSPORT === 'nats' ? [CallsModule] : []),
        ...businessModules,
        ...extraModules,
      ],
    };
  }
}
