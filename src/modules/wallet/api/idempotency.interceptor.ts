import { applyDecorators, type CallHandler, HttpStatus, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ApiIdempotencyKey } from '../../../platform/http/openapi-decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { fingerprintOf, idempotencyKeyOf, IdempotentExecution, settle } from './idempotent-execution';

/** Runs a money-moving route under its Idempotency-Key (see IdempotentExecution). */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly execution: IdempotentExecution,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const run = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    return from(
      this.execution.execute(`user:${request.user.id}`, key, fingerprintOf(request), successStatus, run).then((answer) => settle(answer, reply)),
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

/** Marks a route as money-moving: it needs an Idempotency-Key and answers a retry with its first response. */
export const Idempotent = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiIdempotencyKey());

/** For a money-moving route that applies the idempotency rules itself (see TransfersController.send): the key is checked first. */
export const IdempotencyKeyRequired = () => applyDecorators(UseInterceptors(IdempotencyKeyCheck), ApiIdempotencyKey());
