import { log } from './log';

/** Undo steps, run last-registered first, each even if an earlier one failed. */
export const cleanups: Array<[what: string, step: () => Promise<unknown>]> = [];
let cleaning: Promise<boolean> | undefined;

export function cleanUp(): Promise<boolean> {
  cleaning ??= (async () => {
    log('cleaning up');
    let ok = true;
    for (const [what, step] of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        ok = false;
        log(`cleanup failed: ${what}: ${(error as Error).message}`);
      }
    }
    return ok;
  })();
  return cleaning;
}

/**
 * Runs a benchmark: prints its result as one JSON line on stdout, always cleans up (also on
 * Ctrl-C), and exits non-zero when it failed or could not clean up. Speed never fails it.
 */
export async function runBench(run: () => Promise<object>): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  let result: object | undefined;
  try {
    result = await run();
  } catch (error) {
    log(`FAILED: ${(error as Error).stack ?? String(error)}`);
  }
  const cleaned = await cleanUp();
  if (result && cleaned) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    if (result) log(`result, not reported because cleanup failed: ${JSON.stringify(result)}`);
    process.exitCode = 1;
  }
}
