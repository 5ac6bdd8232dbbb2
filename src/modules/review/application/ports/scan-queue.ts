/** The pipeline's stages run as jobs: a submitted version waits here for its scan. */
export abstract class ScanQueue {
  /** Never throws: a version left `submitted` is picked up again by the queue's own sweep. */
  abstract enqueue(versionId: string): Promise<void>;
  abstract consume(scan: (versionId: string) => Promise<void>): void;
  abstract close(): Promise<void>;
}
