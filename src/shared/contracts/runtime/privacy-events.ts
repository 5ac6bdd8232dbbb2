import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';
import { SCOPES } from '../review/policy';

/*
 * What the user's privacy report is built from, beside launches and consent: each use a mini-app
 * made of something of the user's, each origin it reached through the proxy, and a mini-app the
 * user made the platform forget. Ids, a scope or an origin, and a time: nothing else. Usage
 * history is personal data: listeners keep it no longer than ACCESS_LOG_RETENTION_DAYS.
 */

export const scopeUsedV1 = z.strictObject({
  userId: z.uuid(),
  miniAppId: z.uuid(),
  scope: z.enum(SCOPES),
  at: z.iso.datetime({ offset: true }),
});

/** `runtime.scope-used` v1: a mini-app was handed something of the user's under a scope they had granted. */
export class ScopeUsed extends integrationEvent<z.infer<typeof scopeUsedV1>>({
  type: 'runtime.scope-used',
  version: 1,
  owner: 'runtime',
  description: "A mini-app was handed something of the user's under a granted scope. Usage history: keep it briefly.",
  payload: scopeUsedV1,
  keyOf: (payload) => payload.userId,
}) {}

export const domainReachedV1 = z.strictObject({
  userId: z.uuid(),
  miniAppId: z.uuid(),
  /** The origin the request went to, e.g. `https://api.example.com`. */
  domain: z.string().min(1).max(300),
  at: z.iso.datetime({ offset: true }),
});

/** `runtime.domain-reached` v1: the proxy sent a request of a mini-app, for the user, to this origin. */
export class DomainReached extends integrationEvent<z.infer<typeof domainReachedV1>>({
  type: 'runtime.domain-reached',
  version: 1,
  owner: 'runtime',
  description:
    "The proxy sent a mini-app's request for the user to this origin (with the user's pairwise id). Usage history: keep it briefly.",
  payload: domainReachedV1,
  keyOf: (payload) => payload.userId,
}) {}

export const miniAppForgottenV1 = z.strictObject({
  userId: z.uuid(),
  miniAppId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
});

/**
 * `runtime.mini-app-forgotten` v1: the user made the platform forget a mini-app: their storage,
 * decisions, pairwise id, login codes, launches and access log in it are gone, and its backend is
 * told. What others keep of the pair for the user (the privacy report) goes too.
 */
export class MiniAppForgotten extends integrationEvent<z.infer<typeof miniAppForgottenV1>>({
  type: 'runtime.mini-app-forgotten',
  version: 1,
  owner: 'runtime',
  description:
    'The user made the platform forget a mini-app: what is kept of the user in it goes, everywhere, and its backend is told.',
  payload: miniAppForgottenV1,
  keyOf: (payload) => payload.userId,
}) {}

export const NOTICE_KINDS = ['user.forgot-mini-app', 'user.erased'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const backendNoticeQueuedV1 = z.strictObject({
  noticeId: z.uuid(),
  miniAppId: z.uuid(),
  kind: z.enum(NOTICE_KINDS),
  at: z.iso.datetime({ offset: true }),
});

/**
 * `runtime.backend-notice-queued` v1: a signed notice to a mini-app's backend awaits delivery. The
 * pairwise id it carries stays in the runtime's notice log: the event names the notice only.
 */
export class BackendNoticeQueued extends integrationEvent<z.infer<typeof backendNoticeQueuedV1>>({
  type: 'runtime.backend-notice-queued',
  version: 1,
  owner: 'runtime',
  description: "A signed notice to a mini-app's backend (user.forgot-mini-app, user.erased) awaits delivery.",
  payload: backendNoticeQueuedV1,
  keyOf: (payload) => payload.noticeId,
}) {}
