import type { MessageClass, ModuleContract, PersonalData } from './module-contract';

export interface PublishedEventView {
  type: string;
  version: number;
  description: string;
  /** Subscriber ids of other modules (and its own) that consume it. */
  consumedBy: string[];
}

export interface ConsumedEventView {
  type: string;
  /** The module that publishes it. */
  from: string;
  subscriber: string;
}

export interface MessageView {
  name: string;
  /** For a message it sends: the module that answers; for one it handles: the modules that send it. */
  modules: string[];
}

export type ExtractionVerdict = 'in-every-process' | 'alone' | 'with-a-broker' | 'with-request-reply';

/** Each verdict in words, for the report and the README. */
export const VERDICT_IN_WORDS: Record<ExtractionVerdict, string> = {
  'in-every-process': 'runs in every process',
  alone: 'runs alone as it is',
  'with-a-broker': 'runs alone with a broker that carries its events (BUS_TRANSPORT=nats)',
  'with-request-reply':
    "runs alone with a broker: its events go through JetStream, its synchronous calls by request-reply, no longer in the caller's transaction",
};

/** An architect's view of one module, made only from the declarations. */
export interface ModuleView {
  name: string;
  schema: string;
  owns: string;
  events: { published: PublishedEventView[]; consumed: ConsumedEventView[] };
  commands: { handled: MessageView[]; sent: MessageView[] };
  queries: { handled: MessageView[]; sent: MessageView[] };
  settings: string[];
  personalData: PersonalData[];
  /**
   * What running it in a process of its own would take: `in-every-process` (it is not extracted), `alone` (no module talks to it, nor it to
   * any), `with-a-broker` (only events cross; a broker carries them), or `with-request-reply`
   * (a synchronous command or query crosses too, by NATS request-reply and in a transaction of its
   * own; `breaks` says which: what no longer commits with its caller).
   */
  extraction: { verdict: ExtractionVerdict; breaks: string[]; needsBroker: string[] };
}

type Kind = 'commands' | 'queries';

/** Every module's view, in the declarations' order. */
export function describeModules(contracts: readonly ModuleContract[]): ModuleView[] {
  const owners = new Map<string, string>();
  for (const contract of contracts)
    for (const event of contract.publishes) owners.set(event.contract.type, contract.name);
  const consumers = (type: string) =>
    contracts.flatMap((contract) =>
      Object.entries(contract.subscribers)
        .filter(([, events]) => events.some((event) => event.contract.type === type))
        .map(([id]) => id),
    );
  const handlerOf = (kind: Kind, message: MessageClass) =>
    contracts.filter((contract) => contract[kind].handles.includes(message)).map((contract) => contract.name);
  const sendersOf = (kind: Kind, message: MessageClass) =>
    contracts.filter((contract) => contract[kind].sends.includes(message)).map((contract) => contract.name);
  const messages = (contract: ModuleContract, kind: Kind) => ({
    handled: contract[kind].handles.map((message) => ({ name: message.name, modules: sendersOf(kind, message) })),
    sent: contract[kind].sends.map((message) => ({ name: message.name, modules: handlerOf(kind, message) })),
  });

  return contracts.map((contract) => {
    const published = contract.publishes.map(({ contract: event }) => ({
      type: event.type,
      version: event.version,
      description: event.description,
      consumedBy: consumers(event.type),
    }));
    const consumed = Object.entries(contract.subscribers).flatMap(([subscriber, events]) =>
      events.map((event) => ({ type: event.contract.type, from: owners.get(event.contract.type) ?? '?', subscriber })),
    );
    const view = {
      name: contract.name,
      schema: contract.schema,
      owns: contract.owns,
      events: { published, consumed },
      commands: messages(contract, 'commands'),
      queries: messages(contract, 'queries'),
      settings: [...contract.settings],
      personalData: [...contract.personalData],
    };
    return { ...view, extraction: extractionOf(view, contract.inEveryProcess === true) };
  });
}

function extractionOf(view: Omit<ModuleView, 'extraction'>, inEveryProcess: boolean): ModuleView['extraction'] {
  const others = (modules: string[]) => modules.filter((module) => module !== view.name);
  const breaks: string[] = [];
  for (const kind of ['commands', 'queries'] as const) {
    const noun = kind === 'commands' ? 'command' : 'query';
    for (const sent of view[kind].sent.filter((message) => others(message.modules).length))
      breaks.push(`waits on ${others(sent.modules).join(', ')} for the ${noun} ${sent.name}`);
    for (const handled of view[kind].handled.filter((message) => others(message.modules).length))
      breaks.push(
        `${others(handled.modules).join(', ')} wait${handled.modules.length > 1 ? '' : 's'} on it for the ${noun} ${handled.name}`,
      );
  }
  const needsBroker = [
    ...new Set([
      ...view.events.consumed
        .filter((event) => event.from !== view.name)
        .map((event) => `receives ${event.type} from ${event.from}`),
      ...view.events.published
        .filter((event) => event.consumedBy.some((id) => !id.startsWith(`${view.name}.`)))
        .map(
          (event) =>
            `delivers ${event.type} to ${event.consumedBy.filter((id) => !id.startsWith(`${view.name}.`)).join(', ')}`,
        ),
    ]),
  ];
  const verdict: ExtractionVerdict = inEveryProcess
    ? 'in-every-process'
    : breaks.length
      ? 'with-request-reply'
      : needsBroker.length
        ? 'with-a-broker'
        : 'alone';
  return { verdict, breaks, needsBroker };
}
