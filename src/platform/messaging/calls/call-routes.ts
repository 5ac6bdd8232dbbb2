import type { MessageClass, ModuleContract } from '../module-contract';

export type CallKind = 'command' | 'query';

/** A declared command or query that crosses between this process and another. */
export interface CrossingCall {
  kind: CallKind;
  message: MessageClass;
  /** The module whose handler answers it. */
  handler: string;
  /** The modules whose declarations send it: the only ones it is answered for. */
  senders: string[];
}

/**
 * Which declared calls cross processes, given the modules this one runs: those its modules send
 * to a module that runs elsewhere (`outgoing`), and those its modules answer for a sender that
 * runs elsewhere (`incoming`). A call between two modules of one process stays in process.
 */
export function crossingCalls(
  contracts: readonly ModuleContract[],
  running: ReadonlySet<string>,
): { outgoing: CrossingCall[]; incoming: CrossingCall[] } {
  const outgoing = new Map<MessageClass, CrossingCall>();
  const incoming = new Map<MessageClass, CrossingCall>();
  for (const kind of ['command', 'query'] as const) {
    const key = kind === 'command' ? 'commands' : 'queries';
    for (const handler of contracts)
      for (const message of handler[key].handles) {
        const senders = contracts.filter((contract) => contract[key].sends.includes(message));
        const call = { kind, message, handler: handler.name, senders: senders.map((contract) => contract.name) };
        for (const sender of senders) {
          if (running.has(sender.name) && !running.has(handler.name)) outgoing.set(message, call);
          if (running.has(handler.name) && !running.has(sender.name)) incoming.set(message, call);
        }
      }
  }
  return { outgoing: [...outgoing.values()], incoming: [...incoming.values()] };
}
