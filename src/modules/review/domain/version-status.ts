/** submitted → scanning → rejected | in-review → approved → published (and rejected by a reviewer). */
export const VERSION_STATUSES = ['submitted', 'scanning', 'rejected', 'in-review', 'approved', 'published'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
