import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const exportRequestedV1 = z.strictObject({
  exportId: z.uuid(),
  userId: z.uuid(),
  requestedAt: z.iso.datetime({ offset: true }),
});

/** Ids only: the archive is assembled from each module's own answer, never carried by an event. */
export type ExportRequestedV1 = z.infer<typeof exportRequestedV1>;

/** `privacy.export-requested` v1: a person asked for a copy of their data (GDPR Art. 15 and 20). */
export class ExportRequested extends integrationEvent<ExportRequestedV1>({
  type: 'privacy.export-requested',
  version: 1,
  owner: 'privacy',
  description:
    "A person asked for a copy of everything the platform holds on them; privacy's own subscriber assembles the archive from every module's export query.",
  payload: exportRequestedV1,
  keyOf: (payload) => payload.userId,
}) {}
