import { createHmac } from 'node:crypto';

/**
 * A user's id in one mini-app (OpenID Connect Core §8.1, pairwise subject): an HMAC-SHA-256 of
 * the mini-app and the user under the platform's secret key. Stable for the pair, different in
 * every mini-app, and without the key no one can tell whether two ids are the same person or
 * recover the user id.
 */
export function pairwiseId(key: Buffer, miniAppId: string, userId: string): string {
  return createHmac('sha256', key).update(`superapp-pairwise-v1\u0000${miniAppId}\u0000${userId}`).digest('base64url');
}
