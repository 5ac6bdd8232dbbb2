import { discoveryContract } from './modules/discovery/discovery.contract';
import { governanceBusContract } from './modules/governance-bus/governance-bus.contract';
import { identityContract } from './modules/identity/identity.contract';
import { paymentsContract } from './modules/payments/payments.contract';
import { privacyContract } from './modules/privacy/privacy.contract';
import { reviewContract } from './modules/review/review.contract';
import { runtimeContract } from './modules/runtime/runtime.contract';
import { walletContract } from './modules/wallet/wallet.contract';
import type { ModuleContract } from './platform/messaging/module-contract';

/**
 * Every module's declaration, whether this process runs the module or not: the bus's event
 * catalogue and owners, the schema-ownership test, the architects' report and the README's module
 * map are made from this list.
 */
export const MODULE_CONTRACT_LIST: readonly ModuleContract[] = [
  identityContract,
  walletContract,
  governanceBusContract,
  reviewContract,
  discoveryContract,
  runtimeContract,
  paymentsContract,
  privacyContract,
];
