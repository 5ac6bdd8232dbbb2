import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const miniAppLaunchedV1 = z.strictObject({
  launchId: z.uuid(),
  userId: z.uuid(),
  miniAppId: z.uuid(),
  version: z.string().min(1).max(64),
  launchedAt: z.iso.datetime({ offset: true }),
});

/**
 * `runtime.mini-app-launched` v1: a user opened a mini-app. Usage history is personal data (it
 * reveals much about a person): listeners keep it no longer than ACCESS_LOG_RETENTION_DAYS.
 */
export class MiniAppLaunched extends integrationEvent<z.infer<typeof miniAppLaunchedV1>>({
  type: 'runtime.mini-app-launched',
  version: 1,
  owner: 'runtime',
  description: 'A user opened a mini-app (the version pinned for the launch). Usage history: keep it briefly.',
  payload: miniAppLaunchedV1,
  keyOf: (payload) => payload.userId,
}) {}
