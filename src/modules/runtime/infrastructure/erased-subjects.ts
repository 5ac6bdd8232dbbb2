/**
 * A SQL condition: none of these ids (SQL expressions) belongs to an erased person or their wallet
 * accounts. The read models' upserts carry it, so that an event delivered after an erasure (each
 * subscriber keeps its own pace) does not bring the person back.
 */
export const NOT_ERASED = (ids: string): string =>
  `NOT EXISTS (SELECT 1 FROM runtime.erased_subjects e WHERE e.id = ANY(ARRAY[${ids}]))`;
