import type { ModuleContract } from '../../../../platform/messaging/module-contract';
import { ErasureRequested } from '../../../../shared/contracts/privacy';

/** The modules that take part in an erasure: those whose declaration subscribes to `privacy.erasure-requested`. */
export const erasureParticipants = (contracts: readonly ModuleContract[]): string[] =>
  contracts
    .filter((contract) => Object.values(contract.subscribers).some((events) => events.includes(ErasureRequested)))
    .map((contract) => contract.name)
    .sort();
