import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../shared/kernel/problem';

const ACCEPTS_UPLOAD = 'http:acceptsUpload';

/** Marks the one kind of route that takes multipart/form-data (a file upload); every other route is JSON only. */
export const AcceptsUpload = () => SetMetadata(ACCEPTS_UPLOAD, true);

/** Multipart bodies reach only routes marked @AcceptsUpload(); anywhere else they are a 415, as any non-JSON body is. */
@Injectable()
export class UploadsOnlyWhereAccepted implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.isMultipart?.() || this.reflector.get<boolean>(ACCEPTS_UPLOAD, context.getHandler())) return true;
    throw new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the body as application/json.',
    );
  }
}
