import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InProcessQueue } from '../../../platform/queue/in-process-queue';
import { SCAN_JOB, ScanQueue } from '../application/ports/scan-queue';

/**
 * The scan queue of a single instance (no Redis): versions wait in this process, one scanned at a
 * time, each at most once at a time. A crash loses the queue; the scan stage's sweep finds the
 * versions still `submitted` in PostgreSQL and queues them again.
 */
export class InProcessScanQueue extends ScanQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Review');
  private readonly jobs = new InProcessQueue<string>({
    maxWaiting: 10_000,
    attempts: SCAN_JOB.attempts,
    backoffMs: SCAN_JOB.backoffMs,
    onFailure: (error, versionId, attempt) =>
      this.logger.warn(`scan of ${versionId} failed (attempt ${attempt}): ${error.message}`),
  });

  async enqueue(versionId: string): Promise<void> {
    if (!this.jobs.add([{ data: versionId, id: versionId }]))
      this.logger.warn(`scan of ${versionId} not queued (the queue is full or closing); the sweep will queue it`);
  }

  consume(scan: (versionId: string) => Promise<void>): void {
    this.jobs.process(scan, SCAN_JOB.concurrency);
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  close(): Promise<void> {
    return this.jobs.close(5_000);
  }
}
