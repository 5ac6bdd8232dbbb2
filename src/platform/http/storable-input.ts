import type { FastifyRequest } from 'fastify';
import { invalid } from '../../shared/kernel/problem';
import { findUnstorableText } from '../../shared/kernel/storable-text';

/**
 * Refuses, before any route sees it, text no route could store: a NUL or a lone surrogate in a
 * path parameter, a query parameter or the JSON body (see findUnstorableText). Refusing it at
 * the edge rather than in each validator keeps every route, present and future, from passing it
 * on to PostgreSQL (which refuses it as a 500) or to a validator that throws on it.
 * Pointers are `#/name` for parameters and body fields alike, as the validation pipe gives them.
 */
export function refuseUnstorableText(request: FastifyRequest): void {
  const found =
    findUnstorableText(request.params) ?? findUnstorableText(request.query) ?? findUnstorableText(request.body);
  if (found)
    throw invalid(
      'validation',
      'Invalid request',
      'Text may not contain the NUL character or a lone UTF-16 surrogate.',
      [found],
    );
}
