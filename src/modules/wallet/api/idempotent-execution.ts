import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { toProblem } from '../../../platform/http/to-problem';
export { idempotencyKeyOf } from '../../../platform/http/idempotency-key';
import { ProblemError } from '../../../shared/kernel/problem';
import { canonicalJson } from '../domain/canonical-json';
import { idempotencyKeyReused, keyInUse } from '../application/idempotency-problems';
import { IdempotencyStore } from '../application/ports/idempotency-store';

/** Printable ASCII, as the IETF draft's sf-string allows; a UUID fits with room to spare. */

/** A request's answer under its key: the first run's, or the stored one again (`replayed`). */
export interface IdempotentAnswer {
  replayed: boolean;
  statusCode: number;
  body: unknown;
  /** The refusal as the use case raised it, on the first run (the filter writes it with its headers). */
  error?: unknown;
}

type ProblemBody = { status: number; type: string; title: string; detail: string; errors?: Array<{ pointer: string; detail: string }> };

/**
 * Stripe's idempotency, with the IETF Idempotency-Key draft's answers, for money-moving POSTs.
 * One transaction holds the key (an advisory lock), the use case's effects and the stored
 * response, so they commit together or not at all:
 * - first request: runs, and its response (success or refusal) is stored with a fingerprint;
 * - same key, same request: the stored status and body again, with `Idempotent-Replayed: true`;
 * - same key, another request: 422; same key while the first still runs: 409;
 * - a request that fails validation (400, or a refusal naming wrong fields) stores nothing and the key stays free;
 * - a use case may *return* a ProblemError: its writes commit (e.g. the record of a declined card) and the refusal is answered and stored.
 */
@Injectable()
export class IdempotentExecution {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(scope: string, key: string, fingerprint: string, successStatus: number, run: () => Promise<unknown>): Promise<IdempotentAnswer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(scope, key, fingerprint, successStatus, run);
      } catch (error) {
        // Nothing of a transaction PostgreSQL aborted stays, so running it again is safe; a few tries, then the error stands.
        if (attempt >= RETRIES || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  private attempt(scope: string, key: string, fingerprint: string, successStatus: number, run: () => Promise<unknown>): Promise<IdempotentAnswer> {
    return this.unitOfWork.run(async () => {
      if (!(await this.store.tryLock(scope, key))) throw keyInUse();
      const stored = await this.store.find(scope, key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) throw idempotencyKeyReused();
        return { replayed: true, statusCode: stored.statusCode, body: stored.body };
      }
      try {
        // A savepoint: a refusal undoes the use case's writes but keeps the key's lock and lets its answer be stored.
        const body = await this.unitOfWork.run(run, { nested: true });
        if (body instanceof ProblemError) {
          // A refusal the use case recorded (e.g. a declined card): its writes stay, and so does its answer.
          const problem = toProblem(body).body;
          await this.store.save(scope, key, { fingerprint, statusCode: problem.status, body: problem });
          return { replayed: false, statusCode: problem.status, body: problem, error: body };
        }
        await this.store.save(scope, key, { fingerprint, statusCode: successStatus, body: toJson(body) });
        return { replayed: false, statusCode: successStatus, body };
      } catch (error) {
        const refusal = refusalAnswer(error);
        if (!refusal.keep) throw error;
        await this.store.save(scope, key, { fingerprint, statusCode: refusal.statusCode, body: refusal.body });
        return { replayed: false, statusCode: refusal.statusCode, body: refusal.body, error };
      }
    });
  }
}

/**
 * Whether a refusal becomes the key's answer. A request the caller can correct (400, or any
 * answer naming wrong fields) or a server error is not kept: the key stays free for the corrected request.
 */
export const isKeptAnswer = (problem: { status: number; errors?: unknown[] }): boolean => !(problem.status === 400 || problem.errors?.length || problem.status >= 500);

/** A refusal as the key's answer: its problem body, and whether it is kept (see isKeptAnswer). */
export function refusalAnswer(error: unknown): { statusCode: number; body: ProblemBody; keep: boolean } {
  const { body } = toProblem(error);
  return { statusCode: body.status, body, keep: isKeptAnswer(body) };
}

/**
 * The answer as the client gets it: the value to send, or the refusal to throw for the problem
 * filter to write; a replayed answer says so in `Idempotent-Replayed`.
 */
export function settle(answer: IdempotentAnswer, reply: FastifyReply): unknown {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  if (answer.error) throw answer.error;
  if (answer.statusCode >= 400) throw replayedProblem(answer.body as ProblemBody);
  return answer.body;
}

/** A stored refusal, thrown again so the problem filter writes it as it did the first time. */
function replayedProblem(body: ProblemBody): ProblemError {
  const code = body.type.split('/').pop()!;
  return new ProblemError(body.status as ProblemError['status'], code, body.title, body.detail, body.errors);
}


/** What makes two requests "the same request": method, path and canonical body. */
export function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonicalJson({ method: request.method, path: request.url.split('?')[0], body: request.body ?? null }))
    .digest('hex');
}

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
const TRANSIENT = new Set(['40001', '40P01']);
const RETRIES = 3;
export const isTransient = (error: unknown): boolean => TRANSIENT.has((error as { driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code ?? '');

export const toJson = (body: unknown): unknown => (body === undefined ? null : JSON.parse(JSON.stringify(body)));
