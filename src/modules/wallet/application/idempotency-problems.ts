import { type FieldError, ProblemError } from '../../../shared/kernel/problem';

/** The IETF draft's 422: the key was first used for a different request (`fields` name what differs, when known). */
export const idempotencyKeyReused = (fields?: FieldError[]): ProblemError =>
  new ProblemError(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was used for a different request; use a new key for a new request.', fields);

/** The IETF draft's 409: a request with this key is still running. */
export const keyInUse = (): ProblemError =>
  new ProblemError(409, 'idempotency-key-in-use', 'Request in progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', undefined, { 'retry-after': '1' });
