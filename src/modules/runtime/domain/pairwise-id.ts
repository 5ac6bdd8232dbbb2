import { createHmac } from 'node:crypto';

/**
 * A user's id in one mini-app (OpenID Connect Core §8.1, pairwise subject): an HMAC-SHA-256 of
 * the mini-app and the user under the platform's secret key. Stable for the pair, different in
 * every mini-app, and without the key no one can tell whether two ids are the same person or
 * recover the user id. `generation` counts the times the user made the platform forget the
 * mini-app: each gives a new id, unrelated to the ones before (the first keeps the original form).
 */
export function pairwiseId(key: Buffer, miniAppId: string, userId: string, generation = 0): string {
  const subject = `superapp-pairwise-v1\u0000${miniAppId}\u0000${userId}`;
  return createHmac('sha256', key)
    .update(generation === 0 ? subject : `${subject}\u0000${generation}`)
    .digest('base64url');
}
