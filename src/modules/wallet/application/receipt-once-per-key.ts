import { createHash } from 'node:crypto';
import { Idempotency } from '../../../platform/idempotency/idempotency';
import { canonicalJson } from '../../../shared/kernel/canonical-json';

/**
 * Runs a module's money command once per sender, `owner` and key: the same key and request give
 * the first receipt again (kept as JSON, with the status an HTTP answer of it would have), another
 * request under the key is refused; a refusal thrown (no such merchant) is not kept, nor a receipt
 * `kept` turns down (nothing moved, so running it again is safe).
 */
export async function receiptOncePerKey<R extends { status: string }>(
  idempotency: Idempotency,
  claim: { scope: string; key: string; request: object },
  work: () => Promise<R>,
  kept: (receipt: R) => boolean = () => true,
): Promise<{ receipt: R; replayed: boolean }> {
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ ...claim.request, idempotencyKey: undefined }))
    .digest('hex');
  const executed = await idempotency.execute({ scope: claim.scope, key: claim.key, fingerprint }, work, (outcome) =>
    'value' in outcome && kept(outcome.value)
      ? {
          status: outcome.value.status === 'completed' ? 201 : 422,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify(outcome.value)),
        }
      : null,
  );
  if (executed.replayed) return { receipt: JSON.parse(executed.answer.body.toString()) as R, replayed: true };
  return { receipt: (executed.outcome as { value: R }).value, replayed: false };
}
