import { describe, expect, it } from 'vitest';
import { testModuleContract } from '../../../../test/support/test-module-contract';
import type { ModuleContract } from '../module-contract';
import { crossingCalls } from './call-routes';

class Pay {}
class Refund {}
class FindLaunch {}

const declared = (name: string, parts: Partial<ModuleContract>): ModuleContract => ({
  ...testModuleContract(name, {}),
  ...parts,
});

const contracts = [
  declared('wallet', { commands: { handles: [Pay, Refund], sends: [] } }),
  declared('payments', {
    commands: { handles: [], sends: [Pay, Refund] },
    queries: { handles: [], sends: [FindLaunch] },
  }),
  declared('runtime', { queries: { handles: [FindLaunch], sends: [] } }),
];

const names = (calls: Array<{ message: { name: string }; handler: string }>) =>
  calls.map((call) => `${call.handler}:${call.message.name}`);

describe('calls that cross processes', () => {
  it('are those a module here sends to a module elsewhere, and those a module here answers for one elsewhere', () => {
    const { outgoing, incoming } = crossingCalls(contracts, new Set(['payments', 'runtime']));
    expect(names(outgoing)).toEqual(['wallet:Pay', 'wallet:Refund']);
    expect(incoming).toEqual([]);
    const wallet = crossingCalls(contracts, new Set(['wallet']));
    expect(names(wallet.incoming)).toEqual(['wallet:Pay', 'wallet:Refund']);
    expect(wallet.outgoing).toEqual([]);
  });

  it('are none when every module runs in this process', () => {
    expect(crossingCalls(contracts, new Set(['wallet', 'payments', 'runtime']))).toEqual({
      outgoing: [],
      incoming: [],
    });
  });

  it('know which modules may send each, the only ones it is answered for', () => {
    const { incoming } = crossingCalls(contracts, new Set(['runtime']));
    expect(incoming.map((call) => [call.message.name, call.senders])).toEqual([['FindLaunch', ['payments']]]);
  });

  it('know commands from queries', () => {
    const { outgoing } = crossingCalls(contracts, new Set(['payments']));
    expect(outgoing.map((call) => `${call.kind}:${call.message.name}`)).toEqual([
      'command:Pay',
      'command:Refund',
      'query:FindLaunch',
    ]);
  });
});
