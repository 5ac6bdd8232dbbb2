export const HOUR_MS = 3_600_000;

/** A data export's state: being assembled, ready to download, or given up after the bus's retries. */
export type ExportStatus = 'pending' | 'ready' | 'failed';

/** A person's data export (GDPR Art. 15 and 20), as its owner sees it. */
export interface PersonalDataExport {
  id: string;
  userId: string;
  status: ExportStatus;
  requestedAt: Date;
  completedAt: Date | null;
  /** The archive's size in bytes (its JSON, uncompressed) once ready. */
  archiveBytes: number | null;
}

/** When an export and its archive are deleted: its retention, from when it was assembled (or asked for, if never). */
export function deletedAt(
  exported: Pick<PersonalDataExport, 'requestedAt' | 'completedAt'>,
  retentionHours: number,
): Date {
  return new Date((exported.completedAt ?? exported.requestedAt).getTime() + retentionHours * HOUR_MS);
}
