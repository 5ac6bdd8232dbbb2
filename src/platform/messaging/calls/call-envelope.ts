import type { FieldError, ProblemStatus } from '../../../shared/kernel/problem';

/** What a process sends on `call.<module>.<Name>`: the message's fields and who sent it, on behalf of what. */
export interface CallRequest {
  message: string;
  fields: unknown;
  sender?: string;
  correlationId?: string;
  causationId?: string;
}

/** A ProblemError as it crosses: the caller throws the same problem again. */
export interface CrossingProblem {
  status: ProblemStatus;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/**
 * The answer: the handler's value, the problem it threw, or a failure it did not mean (a bug, or
 * a message this process does not serve), whose details stay in the handler's log.
 */
export type CallReply = { value: unknown } | { problem: CrossingProblem } | { failure: string };
