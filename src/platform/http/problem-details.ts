import type { FieldError } from '../../shared/kernel/problem';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://superapp.dev/problems/';

/** RFC 9457 problem details, with the request id so a caller can quote it to support. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type: PROBLEM_TYPE_BASE + code, title, status, detail, ...extra };
}

/** The problem as this request answers it: where it happened and the request id to quote. */
export function forRequest(body: ProblemDetails, request: { url: string; id: string }): ProblemDetails {
  return { ...body, instance: request.url.split('?')[0], requestId: request.id };
}
