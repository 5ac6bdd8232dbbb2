export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type OutboundFailureReason = 'address-not-public' | 'timeout' | 'response-too-large' | 'unreachable';

/** The call could not be made or finished, and why. */
export class OutboundFailure extends Error {
  constructor(readonly reason: OutboundFailureReason) {
    super(reason);
  }
}

/**
 * One HTTP exchange with a mini-app's backend, no redirect followed: the one way the platform
 * calls out on a mini-app's behalf (the runtime's proxy, payments' notifications). The address a name resolves
 * to is checked when connecting (public only, or loopback where allowed), so DNS rebinding fails.
 */
export abstract class Outbound {
  abstract send(
    request: OutboundRequest,
    limits: { timeoutMs: number; maxResponseBytes: number },
  ): Promise<OutboundResponse>;
}
