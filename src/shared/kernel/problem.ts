/** A field-level complaint in a problem response (RFC 9457 §3, `errors` extension). */
export interface FieldError {
  /** JSON Pointer into the request body or query, e.g. `#/email`. */
  pointer: string;
  detail: string;
}

export type ProblemStatus =
  400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 502 | 503 | 504;

/**
 * An error a caller can act on. Domain and application code throw these; the HTTP layer
 * turns them into `application/problem+json`. `code` is the stable last segment of the
 * problem `type` URI, so clients can switch on it.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const notFound = (what: string) =>
  new ProblemError(404, 'not-found', 'Not found', `${what} does not exist or is not yours.`);
export const conflict = (code: string, title: string, detail: string) => new ProblemError(409, code, title, detail);
export const invalid = (code: string, title: string, detail: string, errors?: FieldError[]) =>
  new ProblemError(400, code, title, detail, errors);
export const unauthorized = (code: string, detail: string) => new ProblemError(401, code, 'Unauthorized', detail);
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', 'Forbidden', detail);
