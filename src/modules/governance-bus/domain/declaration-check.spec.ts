import { describe, expect, it } from 'vitest';
import { type DeclaredModule, declarationMismatches, type DiscoveredModule } from './declaration-check';

const identity: DeclaredModule = {
  name: 'identity',
  schema: 'identity',
  publishes: [{ type: 'identity.user-registered', version: 1, owner: 'identity' }],
  subscribers: {},
  handles: [],
  sends: [],
};
const wallet: DeclaredModule = {
  name: 'wallet',
  schema: 'wallet',
  publishes: [],
  subscribers: { 'wallet.open-wallet': ['identity.user-registered'] },
  handles: ['PayMerchant'],
  sends: [],
};
const payments: DeclaredModule = {
  ...wallet,
  name: 'payments',
  schema: 'payments',
  subscribers: {},
  handles: [],
  sends: ['PayMerchant'],
};
const walletAsFound: DiscoveredModule = {
  name: 'wallet',
  subscribers: { 'wallet.open-wallet': ['identity.user-registered'] },
  handles: ['PayMerchant', 'SendMoney'],
};

describe('comparing module declarations with what the bus found', () => {
  it('finds nothing to say when they agree (a module’s own commands are its business)', () => {
    expect(declarationMismatches([identity, wallet, payments], [walletAsFound])).toEqual([]);
  });

  it('names a declared subscriber that no @Subscriber has', () => {
    expect(declarationMismatches([identity, wallet], [{ ...walletAsFound, subscribers: {} }])).toEqual([
      'wallet declares the subscriber wallet.open-wallet, but no @Subscriber in the module has that id',
    ]);
  });

  it('names a registered subscriber that the declaration leaves out', () => {
    const found = {
      ...walletAsFound,
      subscribers: { ...walletAsFound.subscribers, 'wallet.other': ['identity.user-registered'] },
    };
    expect(declarationMismatches([identity, wallet], [found])).toEqual([
      'wallet has the subscriber wallet.other, which its declaration does not list',
    ]);
  });

  it('names a subscriber that consumes other events than declared', () => {
    const found = {
      ...walletAsFound,
      subscribers: { 'wallet.open-wallet': ['identity.user-registered', 'identity.profile-updated'] },
    };
    expect(declarationMismatches([identity, wallet], [found])).toEqual([
      "wallet.open-wallet consumes identity.profile-updated, identity.user-registered by its @EventsHandler, but wallet's declaration says identity.user-registered",
    ]);
  });

  it('names an event declared by a module that does not own it', () => {
    const thief = {
      ...payments,
      sends: [],
      publishes: [{ type: 'identity.user-registered', version: 1, owner: 'identity' }],
    };
    expect(declarationMismatches([identity, thief], [])).toEqual([
      'payments declares it publishes identity.user-registered v1, which belongs to identity',
    ]);
  });

  it('names a subscriber of an event nobody publishes, and one named after another module', () => {
    const stray = { ...wallet, handles: [], subscribers: { 'review.watch': ['review.gone'] } };
    expect(declarationMismatches([stray], [])).toEqual([
      'wallet declares the subscriber review.watch, whose id must start with wallet.',
      'review.watch of wallet consumes review.gone, which no module declares it publishes',
    ]);
  });

  it('names a command sent to nobody, and one two modules claim', () => {
    expect(declarationMismatches([identity, payments], [])).toEqual([
      'payments declares it sends PayMerchant, which no module declares it handles',
    ]);
    const twin = { ...wallet, name: 'twin', schema: 'twin', subscribers: {} };
    expect(declarationMismatches([identity, wallet, twin], [])).toEqual([
      'wallet and twin all declare they handle PayMerchant',
    ]);
  });

  it('names a declared handler that is missing, and a handler of a declared message the module does not declare', () => {
    expect(declarationMismatches([identity, wallet], [{ ...walletAsFound, handles: [] }])).toEqual([
      'wallet declares it handles PayMerchant, but none of its handlers does',
    ]);
    expect(
      declarationMismatches(
        [identity, wallet, payments],
        [{ name: 'payments', subscribers: {}, handles: ['PayMerchant'] }],
      ),
    ).toEqual(['payments has a handler of PayMerchant, which its declaration does not list under handles']);
  });

  it('names a running module without a declaration, and two declarations of one name or one schema', () => {
    expect(declarationMismatches([identity], [{ name: 'ghost', subscribers: {}, handles: [] }])).toEqual([
      'ghost runs without a declaration in the list of module contracts',
    ]);
    expect(declarationMismatches([identity, { ...identity }], [])).toEqual([
      'two declarations are named identity',
      'identity and identity both declare the schema identity',
    ]);
  });
});
