import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedUser } from '../../shared/kernel/authenticated-user';
import { canonicalJson } from '../../shared/kernel/canonical-json';
import { ProblemError } from '../../shared/kernel/problem';
import { type Answer, type Claim, type Executed, Idempotency, type Outcome } from '../idempotency/idempotency';
import { idempotencyKeyOf } from './idempotency-key';
import { ApiIdempotencyKey } from './openapi-decorators';
import { forRequest, PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './to-problem';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Money-moving POSTs under an Idempotency-Key (Stripe's semantics, the IETF draft's answers; see
 * Idempotency): the request's answer is kept as the bytes it was sent as, with its status and
 * content type, and a retry gets those bytes again with `Idempotent-Replayed: true`. A refusal
 * is kept too, with the instance and request id of the request that met it; one the caller can
 * correct (400, or one naming wrong fields) or a server error is not, and leaves the key free.
 */
/** The caller's claim on the request's key: scoped to the caller, fingerprinted by method, path and canonical body. */
export function claimOf(request: FastifyRequest, scope: string): Claim {
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ method: request.method, path: request.url.split('?')[0], body: request.body ?? null }))
    .digest('hex');
  return { scope, key: idempotencyKeyOf(request.headers['idempotency-key']), fingerprint };
}

/** Whether a refusal is kept as the key's answer: not one the caller can correct (400, or naming wrong fields), nor a server error. */
const isKeptRefusal = (problem: { status: number; errors?: unknown[] }): boolean =>
  !(problem.status === 400 || problem.errors?.length || problem.status >= 500);

/**
 * What an outcome answers, as bytes: a value as JSON with `successStatus`, a refusal (thrown, or
 * returned by a use case that records it) as this request's problem; null for a refusal not kept.
 */
export function httpAnswer(request: FastifyRequest, outcome: Outcome<unknown>, successStatus: number): Answer | null {
  const refusal =
    'error' in outcome ? outcome.error : outcome.value instanceof ProblemError ? outcome.value : undefined;
  if (refusal === undefined) {
    const value = (outcome as { value: unknown }).value;
    return {
      status: successStatus,
      headers: { 'content-type': JSON_CONTENT_TYPE },
      body: Buffer.from(JSON.stringify(value === undefined ? null : value)),
    };
  }
  const { body, headers } = toProblem(refusal);
  if (!isKeptRefusal(body)) return null;
  return {
    status: body.status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: Buffer.from(JSON.stringify(forRequest(body, request))),
  };
}

/** The response Nest sends as it is: the kept status, headers and bytes (a replay says so). */
export function answerResponse(answer: Answer, replayed: boolean): Response {
  const headers = new Headers(answer.headers);
  headers.set('content-length', String(answer.body.length));
  if (replayed) headers.set('idempotent-replayed', 'true');
  return new Response(new Uint8Array(answer.body), { status: answer.status, headers });
}

/** An executed request as its response; a refusal that was not kept is thrown for the problem filter to write. */
export function respond(executed: Executed<unknown>): Response {
  if (executed.replayed) return answerResponse(executed.answer, true);
  if (executed.answer) return answerResponse(executed.answer, false);
  throw 'error' in executed.outcome ? executed.outcome.error : executed.outcome.value;
}

/** Runs a money-moving route under its Idempotency-Key, scoped to the caller. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: Idempotency,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    const claim = claimOf(request, `user:${request.user.id}`);
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const run = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    return from(
      this.idempotency.execute(claim, run, (outcome) => httpAnswer(request, outcome, successStatus)).then(respond),
    );
  }
}

/** Refuses a request without a well-formed Idempotency-Key before its body is validated, as IdempotencyInterceptor does. */
@Injectable()
export class IdempotencyKeyCheck implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    idempotencyKeyOf(context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']);
    return next.handle();
  }
}

/** Marks a route as money-moving: it needs an Idempotency-Key and answers a retry with its first response (the module provides Idempotency). */
export const Idempotent = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiIdempotencyKey());

/** For a money-moving route that applies the idempotency rules itself (see TransfersController.send): the key is checked first. */
export const IdempotencyKeyRequired = () => applyDecorators(UseInterceptors(IdempotencyKeyCheck), ApiIdempotencyKey());
