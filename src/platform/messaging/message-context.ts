import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting, and on behalf of what: carried through a request or a delivery. */
export interface MessageContext {
  /** The module whose handler is running (`identity`, `wallet`…): the only one allowed to publish its events. */
  module?: string;
  /** While a command or query is handled: the module that sent it (the handler's own module is `module`). */
  sender?: string;
  /** Ties together everything one outside request set off (the HTTP request id, passed along by events). */
  correlationId?: string;
  /** What directly caused the current work: the request id, or the id of the event being handled. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<MessageContext>();

export const messageContext = {
  current(): MessageContext {
    return storage.getStore() ?? {};
  },
  /** Runs `work` with the given fields added to (or replacing those of) the current context. */
  run<T>(fields: MessageContext, work: () => T): T {
    return storage.run({ ...storage.getStore(), ...fields }, work);
  },
};
