/** The people's requests the transparency report counts: a count per month and kind, nobody in it. */
export type TalliedRequest = 'export' | 'erasure';

/** Monthly counts of exports and erasures asked for; joins the caller's unit of work. */
export abstract class RequestTallies {
  /** One more request of this kind in the month (UTC) of `at`. */
  abstract count(kind: TalliedRequest, at: Date): Promise<void>;
  abstract inMonth(month: string): Promise<Record<TalliedRequest, number>>;
}
