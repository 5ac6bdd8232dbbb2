import fastq, { type queueAsPromised } from 'fastq';

export interface InProcessJob<T> {
  data: T;
  /** While a job of this id waits or runs, another one of the same id is not added (BullMQ's jobId). */
  id?: string;
  delayMs?: number;
}

export interface InProcessQueueOptions<T> {
  /** Jobs waiting (delayed ones included) beyond which `add` refuses: memory stays bounded, PostgreSQL's sweeps have the rest. */
  maxWaiting: number;
  /** Runs of a job before it is given up (1: no retry). */
  attempts?: number;
  /** The first retry's delay; it doubles with each further one. */
  backoffMs?: number;
  onFailure?: (error: Error, data: T, attempt: number) => void;
}

interface Entry<T> {
  data: T;
  id?: string;
  attempt: number;
}

/**
 * A job queue inside this process (fastq runs the jobs, at a set concurrency): the fast path of a
 * single instance, where BullMQ on Redis is the fast path of several. What waits here dies with
 * the process; the work itself is in PostgreSQL, whose sweeps queue it again.
 */
export class InProcessQueue<T> {
  private readonly queue: queueAsPromised<Entry<T>>;
  private work?: (data: T) => Promise<void>;
  private readonly ids = new Set<string>();
  private readonly delayed = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: InProcessQueueOptions<T>) {
    this.queue = fastq.promise((entry: Entry<T>) => this.run(entry), 1);
    this.queue.pause(); // until `process` says what to run
  }

  /** Adds every job, or none: false once closed or when they would not fit. */
  add(jobs: ReadonlyArray<InProcessJob<T>>): boolean {
    if (this.closed || this.queue.length() + this.delayed.size + jobs.length > this.options.maxWaiting) return false;
    for (const { data, id, delayMs = 0 } of jobs) {
      if (id !== undefined && this.ids.has(id)) continue;
      if (id !== undefined) this.ids.add(id);
      this.schedule({ data, id, attempt: 1 }, delayMs);
    }
    return true;
  }

  process(work: (data: T) => Promise<void>, concurrency: number): void {
    this.work = work;
    this.queue.concurrency = concurrency;
    this.queue.resume();
  }

  /** Drops what waits and lets running jobs finish, for at most `graceMs`. */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    this.queue.kill();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.drained(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private schedule(entry: Entry<T>, delayMs: number): void {
    if (delayMs <= 0) return void this.queue.push(entry);
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      if (!this.closed) void this.queue.push(entry);
    }, delayMs);
    timer.unref();
    this.delayed.add(timer);
  }

  /** Never throws: a failure is reported, and retried while attempts remain. */
  private async run(entry: Entry<T>): Promise<void> {
    try {
      await this.work!(entry.data);
    } catch (error) {
      this.options.onFailure?.(error as Error, entry.data, entry.attempt);
      if (entry.attempt < (this.options.attempts ?? 1) && !this.closed) {
        return this.schedule(
          { ...entry, attempt: entry.attempt + 1 },
          (this.options.backoffMs ?? 0) * 2 ** (entry.attempt - 1),
        );
      }
    }
    if (entry.id !== undefined) this.ids.delete(entry.id);
  }
}
