import { expect } from 'vitest';
import type { HttpResponse } from './http-client';

/**
 * Asserts an RFC 9457 answer: the status, `application/problem+json`, and a body with a `type`
 * ending in the given code, a `title`, the same `status` and a `detail` a person can read.
 */
export function expectProblem(response: HttpResponse, status: number, code: string): void {
  expect(response.status, `${response.status} ${response.text}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json(;|$)/);
  expect(response.body).toMatchObject({
    type: expect.stringMatching(new RegExp(`^https?://\\S+/${code}$`)),
    title: expect.stringMatching(/\S/),
    status,
    detail: expect.stringMatching(/\S/),
  });
}

/** The `errors` of a validation problem, after checking that each one has a pointer and a detail. */
export function fieldErrors(response: HttpResponse): Array<{ pointer: string; detail: string }> {
  const errors = (response.body as { errors?: unknown }).errors;
  expect(Array.isArray(errors), 'problem has an errors array').toBe(true);
  for (const error of errors as unknown[]) {
    expect(error).toMatchObject({ pointer: expect.stringMatching(/^#\//), detail: expect.stringMatching(/\S/) });
  }
  return errors as Array<{ pointer: string; detail: string }>;
}
