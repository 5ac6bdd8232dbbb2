import type { Scope } from '../../../../shared/contracts/review';

export type ScopeOutcome = 'allowed' | 'denied' | 'not-asked' | 'not-declared';
export type NetworkOutcome =
  | 'completed'
  | 'refused-domain'
  | 'refused-address'
  | 'refused-redirect'
  | 'rate-limited'
  | 'timeout'
  | 'too-large'
  | 'unreachable';

export type AccessEntry = { userId: string; miniAppId: string; launchId: string; at: Date } & (
  | { scope: Scope; outcome: ScopeOutcome }
  | {
      scope: 'network';
      outcome: NetworkOutcome;
      domain: string | null;
      status: number | null;
      requestBytes: number;
      responseBytes: number | null;
    }
);

/** Every brokered use of the user's things or of the network. Never a body. */
export abstract class AccessLog {
  abstract record(entry: AccessEntry): Promise<void>;
  abstract pruneBefore(before: Date, limit: number): Promise<number>;
}
