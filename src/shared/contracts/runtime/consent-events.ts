import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';
import { SCOPES } from '../review/policy';

/**
 * Keyed by the mini-app, so that a listener sees one mini-app's consent changes (and the
 * expiries a new manifest causes) in the order they happened.
 */
const decisionFacts = {
  userId: z.uuid(),
  miniAppId: z.uuid(),
  scope: z.enum(SCOPES),
  /** The live manifest version the decision was made under. */
  manifestVersion: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
};

/** A grant or a denial is bound to the purpose the user was shown. */
const decisionUnderPurpose = z.strictObject({ ...decisionFacts, purpose: z.string().min(1).max(200) });

export const consentGrantedV1 = decisionUnderPurpose;
/** `runtime.consent-granted` v1: a user allowed a mini-app a scope, for the purpose its manifest states. */
export class ConsentGranted extends integrationEvent<z.infer<typeof consentGrantedV1>>({
  type: 'runtime.consent-granted',
  version: 1,
  owner: 'runtime',
  description: "A user granted a mini-app a scope, for the purpose shown (the live manifest's).",
  payload: consentGrantedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const consentDeniedV1 = decisionUnderPurpose;
/** `runtime.consent-denied` v1: a user refused a mini-app a scope; the mini-app may not ask again until the user changes it. */
export class ConsentDenied extends integrationEvent<z.infer<typeof consentDeniedV1>>({
  type: 'runtime.consent-denied',
  version: 1,
  owner: 'runtime',
  description: 'A user denied a mini-app a scope; the denial stands until the user changes it in settings.',
  payload: consentDeniedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const consentWithdrawnV1 = z.strictObject({ ...decisionFacts });
/** `runtime.consent-withdrawn` v1: a user took back a decision (a grant or a denial); the scope is "not asked" again. */
export class ConsentWithdrawn extends integrationEvent<z.infer<typeof consentWithdrawnV1>>({
  type: 'runtime.consent-withdrawn',
  version: 1,
  owner: 'runtime',
  description: 'A user withdrew a grant (or cleared a denial): the scope is not asked again.',
  payload: consentWithdrawnV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const consentsExpiredV1 = z.strictObject({
  miniAppId: z.uuid(),
  /** Scopes the new live manifest no longer declares with the purpose users decided under. */
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  /** The version that went live. */
  manifestVersion: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
});
/**
 * `runtime.consents-expired` v1: a new live manifest changed (or dropped) the purpose of these
 * scopes, so every user's decision on them lapsed: each is "not asked" again. One event for all
 * the users of the mini-app; the per-user records stay in the runtime's consent ledger.
 */
export class ConsentsExpired extends integrationEvent<z.infer<typeof consentsExpiredV1>>({
  type: 'runtime.consents-expired',
  version: 1,
  owner: 'runtime',
  description:
    'A new live manifest changed or dropped the purpose of these scopes: every decision on them lapsed and users are asked again.',
  payload: consentsExpiredV1,
  keyOf: (payload) => payload.miniAppId,
}) {}
