import type { Launch } from '../../domain/launch';

export abstract class LaunchStore {
  abstract insert(launch: Launch): Promise<void>;
  /** True when this is the user's first launch of any mini-app, ever (kept apart from launches, which are pruned). */
  abstract isFirstOfUser(launch: Launch): Promise<boolean>;
  /** The launch if it is the user's; null for an unknown id or another user's launch alike. */
  abstract find(launchId: string, userId: string): Promise<Launch | null>;
  /** Keeps the first load time reported; false when one was reported already. */
  abstract recordLoadTime(launchId: string, ms: number): Promise<boolean>;
  /** Forgets launches that ended before `before` (usage history is kept no longer than the access log). */
  abstract pruneEndedBefore(before: Date, limit: number): Promise<number>;
}
