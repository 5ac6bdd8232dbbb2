import type { NetworkOutcome } from './access-log';

/** Labelled by the mini-app's slug only: a bounded set, and nothing of the user's. */
export abstract class RuntimeMetrics {
  abstract launched(miniApp: string, firstOfUser: boolean): void;
  abstract loadTime(miniApp: string, seconds: number): void;
  abstract proxied(miniApp: string, outcome: NetworkOutcome): void;
}
