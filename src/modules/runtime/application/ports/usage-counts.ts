import type { ConsentActivity } from '../../../../shared/contracts/runtime';

/** True counts of people over the runtime's own records, for release through the privacy module only. */
export abstract class UsageCounts {
  /** Per UTC day (`2026-12-01`), the distinct people who launched the mini-app in [from, to). */
  abstract dailyUsers(miniAppId: string, from: Date, to: Date): Promise<Map<string, number>>;
  /** Per UTC day, its launches, each person's counted at most `perPersonPerDay` times. */
  abstract dailyLaunches(
    miniAppId: string,
    from: Date,
    to: Date,
    perPersonPerDay: number,
  ): Promise<Map<string, number>>;
  /** Per scope, the distinct people who made this decision for the mini-app in [from, to). */
  abstract decisions(
    miniAppId: string,
    action: 'granted' | 'denied',
    from: Date,
    to: Date,
  ): Promise<Map<string, number>>;
  /** Platform-wide, per scope: people who granted, withdrew, and had a granted scope used, in [from, to). */
  abstract consentActivity(from: Date, to: Date): Promise<ConsentActivity>;
}
