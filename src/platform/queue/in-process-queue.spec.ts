import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process-queue';

/** A job body the test finishes by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('the in-process job queue', () => {
  it('runs no more jobs at once than its concurrency, and each job once', async () => {
    const queue = new InProcessQueue<number>({ maxWaiting: 100 });
    const release = gate();
    const started: number[] = [];
    queue.process(async (n) => {
      started.push(n);
      await release.opened;
    }, 2);
    expect(queue.add([1, 2, 3].map((data) => ({ data })))).toBe(true);
    await until(() => started.length === 2);
    release.open();
    await until(() => started.length === 3);
    expect(started).toEqual([1, 2, 3]);
    await queue.close(100);
  });

  it('takes a job whose id waits or runs already only once, and again after it finished', async () => {
    const queue = new InProcessQueue<string>({ maxWaiting: 100 });
    const release = gate();
    const ran: string[] = [];
    let finished = 0;
    queue.process(async (version) => {
      ran.push(version);
      await release.opened;
      finished++;
    }, 1);
    queue.add([{ data: 'v1', id: 'v1' }]);
    queue.add([{ data: 'v1', id: 'v1' }]);
    release.open();
    await until(() => finished === 1);
    expect(ran).toEqual(['v1']);
    queue.add([{ data: 'v1', id: 'v1' }]);
    await until(() => finished === 2);
    await queue.close(100);
  });

  it('adds all of several jobs or none when they would not fit, so that memory stays bounded', () => {
    const queue = new InProcessQueue<number>({ maxWaiting: 3 });
    expect(queue.add([{ data: 1 }, { data: 2 }])).toBe(true);
    expect(queue.add([{ data: 3 }, { data: 4 }])).toBe(false);
    expect(queue.add([{ data: 3 }])).toBe(true);
  });

  it('retries a failed job after its backoff until its attempts are used, reporting each failure', async () => {
    const failures: number[] = [];
    const queue = new InProcessQueue<string>({
      maxWaiting: 10,
      attempts: 3,
      backoffMs: 5,
      onFailure: (_error, _data, attempt) => failures.push(attempt),
    });
    let runs = 0;
    queue.process(async () => {
      runs++;
      throw new Error('scanner crashed');
    }, 1);
    queue.add([{ data: 'v1', id: 'v1' }]);
    await until(() => failures.length === 3);
    expect(failures).toEqual([1, 2, 3]);
    expect(runs).toBe(3);
    expect(queue.add([{ data: 'v1', id: 'v1' }])).toBe(true); // given up: the id is free again
    await queue.close(100);
  });

  it('on close, lets the running job finish, drops the waiting and delayed ones, and takes no more', async () => {
    const queue = new InProcessQueue<number>({ maxWaiting: 10 });
    const release = gate();
    const finished: number[] = [];
    queue.process(async (n) => {
      await release.opened;
      finished.push(n);
    }, 1);
    queue.add([{ data: 1 }, { data: 2 }, { data: 3, delayMs: 1 }]); // 1 starts at once
    const closed = queue.close(1_000);
    expect(queue.add([{ data: 4 }])).toBe(false);
    release.open();
    await closed;
    expect(finished).toEqual([1]);
  });
});
