export const DELIVERY_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery that still holds up later events of the same key for its subscriber. */
export const OPEN_STATUSES: readonly DeliveryStatus[] = ['pending', 'processing'];
