import type { IntegrationEventClass } from '../../shared/kernel/integration-event';
import type { PlatformConfig } from '../config/app-config';

/** A command or query class of the published language (src/shared/contracts). */
export type MessageClass = abstract new (...args: never[]) => object;

/** Why the platform may hold personal data (GDPR art. 6(1)). */
export type LegalBasis = 'contract' | 'legal-obligation' | 'legitimate-interests' | 'consent';

/** Only a retention setting may be named: the record of processing prints its value to everyone. */
export type RetentionSetting = Extract<keyof PlatformConfig, `${string}_RETENTION_${string}`>;

/** One table's personal data: what, why, on what basis and for how long. */
export interface PersonalData {
  /** The table in the module's schema. */
  table: string;
  /** The columns that identify a person or describe one. */
  columns: readonly string[];
  purpose: string;
  legalBasis: LegalBasis;
  /**
   * The setting that bounds how long rows are kept (counted from `after`, when not from the record's
   * own time), or, where none does, the rule that applies.
   */
  retention: { setting: RetentionSetting; after?: string } | { rule: string };
  /** Who outside the platform's operators receives it; absent: nobody. */
  recipients?: readonly string[];
  /**
   * Why it outlives the person's erasure (the books the law makes us keep, with ids that name nobody
   * once identity erased the person); absent: the module's erasure subscriber deletes it.
   */
  keptOnErasure?: string;
}

/** Commands or queries a module answers, and those it asks other modules for. */
export interface Messages {
  handles: readonly MessageClass[];
  sends: readonly MessageClass[];
}

/**
 * A module's face in one file (`src/modules/<m>/<m>.contract.ts`): everything another module, the
 * bus, an operator or an architect may rely on. The bus checks it against the code at start.
 */
export interface ModuleContract {
  /** The producer name of its events and the prefix of its subscriber ids. */
  name: string;
  /** The only PostgreSQL schema it reads and writes. */
  schema: string;
  /** The HTTP path prefixes of its routes: a gateway forwards them to the process that runs it (MODULE_URLS). */
  routes: readonly `/${string}`[];
  /** What it keeps, in a few words (the README's module map). */
  owns: string;
  /** Every integration event it publishes, each version its own class. */
  publishes: readonly IntegrationEventClass<any>[];
  /** Its durable subscribers: `@Subscriber` id → the events its `@EventsHandler` takes. */
  subscribers: Readonly<Record<string, readonly IntegrationEventClass<any>[]>>;
  commands: Messages;
  queries: Messages;
  /** The settings it reads. */
  settings: readonly (keyof PlatformConfig)[];
  personalData: readonly PersonalData[];
  /**
   * Every other column of the module's tables, by table: those that hold no personal data. With
   * personalData's columns they are the whole schema; a test compares both with the database, so a new
   * column cannot arrive without someone deciding whether it is personal.
   */
  otherColumns: Readonly<Record<string, readonly string[]>>;
  /** Runs in every deployable rather than in a process of its own (the governance bus). */
  inEveryProcess?: true;
}

/** Declares a module (a typed identity: the compiler checks every field). */
export const moduleContract = (contract: ModuleContract): ModuleContract => contract;

/** Injection token of every module's declaration, running here or not (the composition root provides it). */
export const MODULE_CONTRACTS = Symbol('MODULE_CONTRACTS');
