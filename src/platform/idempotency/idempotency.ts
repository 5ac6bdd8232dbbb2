import { setTimeout as sleep } from 'node:timers/promises';
import type { FactoryProvider } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { type FieldError, ProblemError } from '../../shared/kernel/problem';
import { type Answer, type Claim, IdempotencyStore, SqlIdempotencyStore } from './idempotency-store';

export type { Answer, Claim } from './idempotency-store';

/** What a claim found: the key is ours to run, its kept answer is to be replayed, or it is refused (409 in flight, 422 reused). */
export type Claimed =
  { kind: 'fresh' } | { kind: 'replay'; answer: Answer } | { kind: 'refused'; problem: ProblemError };

/** How a single request went: replayed, or run (and its answer kept unless `answer` is null). */
export type Executed<T> =
  { replayed: true; answer: Answer } | { replayed: false; outcome: Outcome<T>; answer: Answer | null };
export type Outcome<T> = { value: T } | { error: unknown };

/** The IETF draft's 422: the key was first used for a different request (`fields` name what differs, when known). */
export const idempotencyKeyReused = (fields?: FieldError[]): ProblemError =>
  new ProblemError(
    422,
    'idempotency-key-reused',
    'Idempotency-Key reused',
    'This Idempotency-Key was used for a different request; use a new key for a new request.',
    fields,
  );

/** The IETF draft's 409: a request with this key is still running. */
export const keyInUse = (): ProblemError =>
  new ProblemError(
    409,
    'idempotency-key-in-use',
    'Request in progress',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    undefined,
    { 'retry-after': '1' },
  );

/**
 * Stripe's idempotency for every caller that needs it (money-moving HTTP routes, the transfer
 * batcher's group commit, the PayMerchant command), over the using module's own table. The key
 * is taken, its kept answer looked up, the effect written and the answer kept in the caller's
 * transaction, so they commit together or not at all (ADR 0010):
 * - a fresh key runs, and its answer (success or refusal) is kept with the request's fingerprint;
 * - the same key and request again: the kept answer, byte for byte;
 * - the same key with another request: 422; while a request with it still runs: 409;
 * - an answer the caller chooses not to keep (a request it can correct) leaves the key free.
 */
export class Idempotency {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Takes many keys at once, in the current unit of work (one statement). A key taken twice in
   * the same call is in flight for the second claim, as it would be for a concurrent request.
   */
  async claimAll(claims: readonly Claim[]): Promise<Claimed[]> {
    const taken = await this.store.takeAll(claims);
    const seen = new Set<string>();
    return claims.map((claim, i) => {
      const stored = taken[i].stored;
      if (stored)
        return stored.fingerprint === claim.fingerprint
          ? { kind: 'replay', answer: stored.answer }
          : { kind: 'refused', problem: idempotencyKeyReused() };
      const id = `${claim.scope}\u0000${claim.key}`;
      // The lock is this session's, so a second claim of the same key in one call was granted twice: it is in flight.
      if (!taken[i].taken || seen.has(id)) return { kind: 'refused', problem: keyInUse() };
      seen.add(id);
      return { kind: 'fresh' };
    });
  }

  /** Keeps the answers of fresh claims, in the current unit of work (one statement). */
  keepAll(kept: ReadonlyArray<{ claim: Claim; answer: Answer }>): Promise<void> {
    return this.store.saveAll(kept);
  }

  /**
   * One request under its key, in one transaction (the caller's, when one is open): claimed,
   * then `work` runs in a savepoint (a refusal it throws undoes its writes, not the key's lock),
   * then `answerOf` says what the outcome answers and whether it is kept (null: not kept, and
   * an error outcome is thrown again). A transaction PostgreSQL aborted for a lost race runs
   * again, a few times, when this call opened it.
   */
  async execute<T>(
    claim: Claim,
    work: () => Promise<T>,
    answerOf: (outcome: Outcome<T>) => Answer | null,
  ): Promise<Executed<T>> {
    const mayRetry = !this.unitOfWork.isActive();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.unitOfWork.run(() => this.once(claim, work, answerOf));
      } catch (error) {
        // Nothing of a transaction PostgreSQL aborted stays, so running it again is safe.
        if (!mayRetry || attempt >= RETRIES || !isTransient(error)) throw error;
        await sleep(5 + Math.random() * 20 * attempt);
      }
    }
  }

  private async once<T>(
    claim: Claim,
    work: () => Promise<T>,
    answerOf: (outcome: Outcome<T>) => Answer | null,
  ): Promise<Executed<T>> {
    const [claimed] = await this.claimAll([claim]);
    if (claimed.kind === 'refused') throw claimed.problem;
    if (claimed.kind === 'replay') return { replayed: true, answer: claimed.answer };
    let outcome: Outcome<T>;
    try {
      outcome = { value: await this.unitOfWork.run(work, { nested: true }) };
    } catch (error) {
      outcome = { error };
    }
    const answer = answerOf(outcome);
    if (answer) await this.keepAll([{ claim, answer }]);
    else if ('error' in outcome) throw outcome.error;
    return { replayed: false, outcome, answer };
  }

  pruneOlderThan(cutoff: Date, limit: number): Promise<number> {
    return this.store.pruneOlderThan(cutoff, limit);
  }

  /** An erasure: the kept answers of every scope that names this person go. */
  forgetScopesOf(userId: string): Promise<void> {
    return this.store.forgetScopesOf(userId);
  }
}

/**
 * The Idempotency of a module, over its own table (in its own schema; see SqlIdempotencyStore for
 * its columns) and advisory lock class, for the module's providers: `idempotencyOver('wallet.idempotency_keys', 71_001)`.
 */
export function idempotencyOver(table: string, lockClass: number): FactoryProvider<Idempotency> {
  return {
    provide: Idempotency,
    useFactory: (unitOfWork: UnitOfWork) =>
      new Idempotency(new SqlIdempotencyStore(unitOfWork, table, lockClass), unitOfWork),
    inject: [UnitOfWork],
  };
}

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
const TRANSIENT = new Set(['40001', '40P01']);
const RETRIES = 3;
const isTransient = (error: unknown): boolean =>
  TRANSIENT.has(
    (error as { driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code ?? '',
  );
