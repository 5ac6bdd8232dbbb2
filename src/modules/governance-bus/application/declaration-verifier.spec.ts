import type { ModulesContainer } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { StartupFailure } from '../../../platform/config/startup-failure';
import { ModuleName } from '../../../platform/messaging/decorators';
import { testModuleContract } from '../../../../test/support/test-module-contract';
import { UserRegistered } from '../../../shared/contracts/identity';
import { DeclarationVerifier } from './declaration-verifier';
import type { SubscriberRegistry } from './subscriber-registry';

const identity = { ...testModuleContract('identity', {}), owns: 'users', publishes: [UserRegistered] };
const wallet = {
  ...identity,
  name: 'wallet',
  schema: 'wallet',
  publishes: [],
  subscribers: { 'wallet.open-wallet': [UserRegistered] },
};

@ModuleName(wallet)
class WalletModule {}

function verifierFinding(subscribers: Array<{ id: string; module: string; eventTypes: string[] }>) {
  const modules = new Map([['wallet', { metatype: WalletModule }]]) as unknown as ModulesContainer;
  const registry = { all: () => subscribers, handledMessages: () => [] } as unknown as SubscriberRegistry;
  return new DeclarationVerifier([identity, wallet], modules, registry);
}

describe('the start-time check of module declarations', () => {
  it('lets the start go on when the running modules do what they declare', () => {
    const verifier = verifierFinding([
      { id: 'wallet.open-wallet', module: 'wallet', eventTypes: ['identity.user-registered'] },
    ]);
    expect(() => verifier.onApplicationBootstrap()).not.toThrow();
  });

  it('stops the start with one line naming the mismatch', () => {
    const verifier = verifierFinding([]);
    expect(() => verifier.onApplicationBootstrap()).toThrow(StartupFailure);
    expect(() => verifier.onApplicationBootstrap()).toThrow(
      /^Module declarations disagree with the code: wallet declares the subscriber wallet.open-wallet, but no @Subscriber in the module has that id$/,
    );
  });
});
