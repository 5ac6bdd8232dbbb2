/**
 * The NATS subjects of the platform, in one place: the broker's permissions (one user per
 * process) are generated from the same functions the clients use.
 */

/** The one JetStream stream of the bus's events (ADR 0033). */
export const BUS_STREAM = 'BUS';

/** `bus.<owner>.<fact>`: an event type is `<owner>.<fact>` (the catalogue checks), so a module's own subjects are `bus.<owner>.>`. */
export const eventSubjectOf = (eventType: string): string => `bus.${eventType}`;

/**
 * The durable consumer of a subscriber: its id with `.` (not allowed in a consumer name) as `_`
 * (not allowed in a subscriber id), so two ids never share a consumer.
 */
export const consumerNameOf = (subscriber: string): string => subscriber.replace(/\./g, '_');

/** A declared command or query sent to the process that runs its handler's module: `call.<module>.<Name>`. */
export const callSubjectOf = (handlerModule: string, messageName: string): string =>
  `call.${handlerModule}.${messageName}`;

/** The queue group of a module's handlers: several processes running the module share its calls. */
export const callQueueOf = (handlerModule: string): string => `calls-${handlerModule}`;

/**
 * The reply inbox of a process known to NATS as `identity` (its user, or its certificate's CN):
 * the broker lets only that user subscribe there, so no process reads another's replies.
 */
export const inboxPrefixOf = (identity: string): string => `_INBOX_${identity}`;
