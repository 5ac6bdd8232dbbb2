import type { PersonalDataExport } from '../../domain/personal-data-export';

/** People's data exports and their archives (privacy.exports). */
export abstract class ExportStore {
  /**
   * Records a new pending export, unless the person has one pending already: then that one comes
   * back, with `created: false` (one export in progress per person, even under concurrent asks).
   */
  abstract open(
    exported: Pick<PersonalDataExport, 'id' | 'userId' | 'requestedAt'>,
  ): Promise<{ exported: PersonalDataExport; created: boolean }>;
  abstract findPending(userId: string): Promise<PersonalDataExport | null>;
  /** How many exports the person asked for since `since`, and the oldest of those asks. */
  abstract askedSince(userId: string, since: Date): Promise<{ count: number; oldest: Date | null }>;
  /** The person's exports, newest first. */
  abstract listOf(userId: string): Promise<PersonalDataExport[]>;
  /** The export, only if it is the person's. */
  abstract find(userId: string, exportId: string): Promise<PersonalDataExport | null>;
  /** The archive's JSON text, only if the export is the person's and ready. */
  abstract archive(userId: string, exportId: string): Promise<Buffer | null>;
  /** True while the export is pending (not yet ready or failed, nor deleted). */
  abstract isPending(exportId: string): Promise<boolean>;
  /**
   * Counts one more failed attempt at assembling the export, committed at once (the delivery's
   * transaction rolls back); returns the failures so far. Only failures count: a run undone because
   * another subscriber of the same batch failed is not one.
   */
  abstract countFailure(exportId: string): Promise<number>;
  abstract markReady(exportId: string, archiveJson: Buffer, at: Date): Promise<void>;
  abstract markFailed(exportId: string, at: Date): Promise<void>;
  /** Deletes every export of the person, archives included (their erasure). */
  abstract deleteAllOf(userId: string): Promise<void>;
  /** Deletes at most `limit` exports (with their archives) kept since before `cutoff`; returns how many. */
  abstract pruneKeptSince(cutoff: Date, limit: number): Promise<number>;
}
