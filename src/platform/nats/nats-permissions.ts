import type { MessageClass, ModuleContract } from '../messaging/module-contract';
import { BUS_STREAM, callSubjectOf, consumerNameOf, eventSubjectOf } from './subjects';

/** What one NATS user may publish and subscribe to, in nats-server's configuration shape. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** The calls it answers: one reply to the inbox each request names, whoever's it is. */
  allow_responses?: boolean;
}

const API = '$JS.API';

/** The JetStream API subjects of creating and reading the stream of the bus (every process ensures it at start). */
const STREAM_SUBJECTS = [
  `${API}.INFO`,
  `${API}.STREAM.INFO.${BUS_STREAM}`,
  `${API}.STREAM.CREATE.${BUS_STREAM}`,
  `${API}.STREAM.UPDATE.${BUS_STREAM}`,
];

/**
 * The JetStream subjects of one durable consumer: read it, create or update it (nats-server 2.9's
 * `DURABLE.CREATE`, and 2.10's `CREATE.<stream>.<name>[.<filter>]`), pull from it, acknowledge.
 */
const consumerSubjects = (consumer: string): string[] => [
  `${API}.CONSUMER.INFO.${BUS_STREAM}.${consumer}`,
  `${API}.CONSUMER.DURABLE.CREATE.${BUS_STREAM}.${consumer}`,
  `${API}.CONSUMER.CREATE.${BUS_STREAM}.${consumer}`,
  `${API}.CONSUMER.CREATE.${BUS_STREAM}.${consumer}.>`,
  `${API}.CONSUMER.MSG.NEXT.${BUS_STREAM}.${consumer}`,
  `$JS.ACK.${BUS_STREAM}.${consumer}.>`,
];

/**
 * The broker's permissions of a process running `modules` (the governance bus runs in every
 * one), from the modules' declarations: publish the events they publish, the calls they send (to
 * the module that handles each), and the JetStream API of the stream and of their subscribers'
 * consumers only; subscribe to the calls of the modules they run and to their own inbox.
 */
export function natsPermissionsOf(
  modules: readonly string[],
  contracts: readonly ModuleContract[],
  inboxPrefix: string,
): NatsPermissions {
  for (const name of modules)
    if (!contracts.some((contract) => contract.name === name))
      throw new Error(`no module "${name}": one of ${contracts.map((contract) => contract.name).join(', ')}`);
  const running = contracts.filter((contract) => contract.inEveryProcess || modules.includes(contract.name));
  const handlerOf = (message: MessageClass): string => {
    const handler = contracts.find(
      (contract) => contract.commands.handles.includes(message) || contract.queries.handles.includes(message),
    );
    if (!handler) throw new Error(`no module handles ${message.name}`);
    return handler.name;
  };
  const events = running.flatMap((contract) => contract.publishes.map((event) => eventSubjectOf(event.contract.type)));
  const calls = running.flatMap((contract) =>
    [...contract.commands.sends, ...contract.queries.sends].map((message) =>
      callSubjectOf(handlerOf(message), message.name),
    ),
  );
  const consumers = running.flatMap((contract) => Object.keys(contract.subscribers).map(consumerNameOf));
  const answers = running.some((contract) => contract.commands.handles.length + contract.queries.handles.length > 0);
  return {
    publish: { allow: unique([...events, ...calls, ...STREAM_SUBJECTS, ...consumers.flatMap(consumerSubjects)]) },
    subscribe: { allow: unique([...running.map((contract) => `call.${contract.name}.>`), `${inboxPrefix}.>`]) },
    ...(answers ? { allow_responses: true } : {}),
  };
}

const unique = (subjects: string[]): string[] => [...new Set(subjects)];
