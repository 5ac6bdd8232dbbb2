/**
 * How a scan job runs, whichever queue holds it: scanning is CPU work, so one at a time per
 * instance leaves the event loop to the API; a failure is retried twice, after 1 s and 2 s.
 */
export const SCAN_JOB = { concurrency: 1, attempts: 3, backoffMs: 1_000 } as const;

/** The pipeline's stages run as jobs: a submitted version waits here for its scan. */
export abstract class ScanQueue {
  /** Never throws: a version left `submitted` is picked up again by the queue's own sweep. */
  abstract enqueue(versionId: string): Promise<void>;
  abstract consume(scan: (versionId: string) => Promise<void>): void;
  abstract close(): Promise<void>;
}
