/** One user's decision on one scope of one mini-app, as the privacy report keeps it. */
export interface ReportDecision {
  userId: string;
  miniAppId: string;
  scope: string;
  at: Date;
}

export interface ReportPayment {
  orderId: string;
  userId: string;
  miniAppId: string;
  amount: number;
  refundedAmount: number;
  currency: string;
  state: string;
  sequence: number;
  at: Date;
}

/** What the report shows of one user, by mini-app (rows, newest first). */
export interface ReportRows {
  miniApps: Array<{ miniAppId: string; slug: string | null; name: string | null }>;
  consents: Array<{ miniAppId: string; scope: string; state: 'granted' | 'denied'; purpose: string; decidedAt: Date }>;
  history: Array<{ miniAppId: string; scope: string; action: string; purpose: string | null; at: Date }>;
  /** The latest accesses of each mini-app (at most ACCESSES_SHOWN), and how many there are in all. */
  accesses: Array<{ miniAppId: string; scope: string; at: Date }>;
  accessCounts: Array<{ miniAppId: string; count: number }>;
  domains: Array<{ miniAppId: string; domain: string; count: number; lastAt: Date }>;
  launches: Array<{ miniAppId: string; count: number; lastAt: Date }>;
  payments: Array<Omit<ReportPayment, 'userId' | 'sequence'>>;
}

/**
 * The privacy module's read model of what each user did in each mini-app, written only by its
 * subscribers. Every write joins the current unit of work and is idempotent (an event delivered
 * twice counts once); nothing that happened before the user made the platform forget the mini-app
 * is taken in, whenever its event arrives, nor anything of a person erased.
 */
export abstract class ReportStore {
  abstract nameMiniApp(miniAppId: string, slug: string, name: string | null): Promise<void>;
  abstract decided(
    eventId: string,
    decision: ReportDecision & { state: 'granted' | 'denied'; purpose: string },
  ): Promise<void>;
  abstract withdrawn(eventId: string, decision: ReportDecision): Promise<void>;
  /** Every user's decision on these scopes lapsed (a new manifest). */
  abstract expired(eventId: string, miniAppId: string, scopes: readonly string[], at: Date): Promise<void>;
  abstract accessed(
    eventId: string,
    access: { userId: string; miniAppId: string; scope: string; domain: string | null; at: Date },
  ): Promise<void>;
  abstract launched(launch: { launchId: string; userId: string; miniAppId: string; at: Date }): Promise<void>;
  /** Keeps the order's latest state (by sequence). */
  abstract paid(payment: ReportPayment): Promise<void>;
  /** Drops everything of the pair up to `at`, and remembers it. */
  abstract forgotten(userId: string, miniAppId: string, at: Date): Promise<void>;
  abstract rowsOf(userId: string): Promise<ReportRows>;
  /** Deletes everything the report keeps of the person, and takes nothing of them in again (an erasure). */
  abstract erase(userId: string, at: Date): Promise<void>;
  /**
   * Deletes at most `limit` accesses, launches and forget marks (each) older than `before`; the most
   * any one kind lost (below `limit`: nothing of that age is left).
   */
  abstract pruneUsageBefore(before: Date, limit: number): Promise<number>;
}
