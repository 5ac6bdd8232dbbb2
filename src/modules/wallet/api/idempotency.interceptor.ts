import { createHash } from 'node:crypto';
import { applyDecorators, type CallHandler, HttpStatus, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { canonicalJson } from '../domain/canonical-json';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { toProblem } from '../../../platform/http/to-problem';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { invalid, ProblemError } from '../../../shared/kernel/problem';
import { idempotencyKeyReused } from '../application/idempotency-key-reused';
import { IdempotencyStore } from '../application/ports/idempotency-store';

const HEADER = 'idempotency-key';
/** Printable ASCII, as the IETF draft's sf-string allows; a UUID fits with room to spare. */
const KEY = /^[\x20-\x7e]{1,255}$/;

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
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = keyOf(request.headers[HEADER]);
    const scope = `user:${request.user.id}`;
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ method: request.method, path: request.url.split('?')[0], body: request.body ?? null }))
      .digest('hex');
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(this.handle(scope, key, fingerprint, successStatus, reply, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async handle(scope: string, key: string, fingerprint: string, successStatus: number, reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(scope, key, fingerprint, successStatus, reply, run);
      } catch (error) {
        // Nothing of a transaction PostgreSQL aborted stays, so running it again is safe; a few tries, then the error stands.
        if (attempt >= RETRIES || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  private async attempt(scope: string, key: string, fingerprint: string, successStatus: number, reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
    const outcome = await this.unitOfWork.run(async () => {
      if (!(await this.store.tryLock(scope, key))) {
        throw new ProblemError(409, 'idempotency-key-in-use', 'Request in progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', undefined, {
          'retry-after': '1',
        });
      }
      const stored = await this.store.find(scope, key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw idempotencyKeyReused();
        }
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
        const { body } = toProblem(error);
        // A request the caller can correct (400, or any answer naming wrong fields) or a server error: nothing is
        // stored and the key stays free for the corrected request.
        if (body.status === 400 || body.errors?.length || body.status >= 500) throw error;
        await this.store.save(scope, key, { fingerprint, statusCode: body.status, body });
        return { replayed: false, statusCode: body.status, body, error };
      }
    });
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    if ('error' in outcome) throw outcome.error;
    if (outcome.statusCode >= 400) throw replayedProblem(outcome.body as ProblemBody);
    return outcome.body;
  }
}

type ProblemBody = { status: number; type: string; title: string; detail: string; errors?: Array<{ pointer: string; detail: string }> };

/** A stored refusal, thrown again so the problem filter writes it as it did the first time. */
function replayedProblem(body: ProblemBody): ProblemError {
  const code = body.type.split('/').pop()!;
  return new ProblemError(body.status as ProblemError['status'], code, body.title, body.detail, body.errors);
}

function keyOf(header: string | string[] | undefined): string {
  if (header === undefined) throw invalid('idempotency-key-missing', 'Idempotency-Key required', 'Money-moving requests need an Idempotency-Key header (e.g. a UUID).');
  const raw = Array.isArray(header) ? header[0] : header;
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!KEY.test(key)) throw invalid('idempotency-key-invalid', 'Invalid Idempotency-Key', 'The Idempotency-Key must be 1 to 255 printable ASCII characters.');
  return key;
}

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
const TRANSIENT = new Set(['40001', '40P01']);
const RETRIES = 3;
const isTransient = (error: unknown): boolean => TRANSIENT.has((error as { driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code ?? '');

const toJson = (body: unknown): unknown => (body === undefined ? null : JSON.parse(JSON.stringify(body)));

/** Marks a route as money-moving: it needs an Idempotency-Key and answers a retry with its first response. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A unique key per intended operation (e.g. a UUID); a retry with the same key and body replays the first answer.' }),
  );
