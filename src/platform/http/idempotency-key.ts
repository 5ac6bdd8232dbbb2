import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { invalid } from '../../shared/kernel/problem';

/** Printable ASCII, as the IETF draft's sf-string allows; a UUID fits with room to spare. */
const KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key (quotes of a structured-field string removed), or a 400 that says what is wrong with it. */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  if (header === undefined)
    throw invalid(
      'idempotency-key-missing',
      'Idempotency-Key required',
      'Money-moving requests need an Idempotency-Key header (e.g. a UUID).',
    );
  const raw = Array.isArray(header) ? header[0] : header;
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!KEY.test(key))
    throw invalid(
      'idempotency-key-invalid',
      'Invalid Idempotency-Key',
      'The Idempotency-Key must be 1 to 255 printable ASCII characters.',
    );
  return key;
}

/** The route's Idempotency-Key as a parameter (`@IdempotencyKey() key: string`), checked as idempotencyKeyOf does. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  idempotencyKeyOf(
    context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[
      'idempotency-key'
    ],
  ),
);
