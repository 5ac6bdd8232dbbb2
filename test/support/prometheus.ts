import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** Debian's prometheus package (`.ci/run` installs it): the server and promtool. */
export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';

export function requirePrometheus(): void {
  for (const binary of [PROMETHEUS, PROMTOOL]) {
    if (!existsSync(binary))
      throw new Error(`${binary} is missing: apt-get install -y prometheus (or set PROMETHEUS_PATH / PROMTOOL_PATH)`);
  }
}

/** Runs promtool; its output, or an error carrying it. */
export function promtool(...args: string[]): string {
  try {
    return execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<Sample[]>;
  stop(): Promise<void>;
}

/** A real Prometheus on loopback with the given scrape jobs and rule files, its data in a temporary directory. */
export async function startPrometheus(
  scrapeJobs: string[],
  ruleFiles: string[],
  evaluationSeconds = 1,
): Promise<RunningPrometheus> {
  requirePrometheus();
  const dir = mkdtempSync(join(tmpdir(), 'superapp-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      `global:`,
      `  evaluation_interval: ${evaluationSeconds}s`,
      `rule_files:`,
      ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
      `scrape_configs:`,
      ...scrapeJobs,
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () =>
        child.exitCode === null &&
        (await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )),
      15_000,
      100,
    );
  } catch (error) {
    await stop();
    throw new Error(`Prometheus did not become ready: ${(error as Error).message}\n${output.join('')}`, {
      cause: error,
    });
  }
  return {
    url,
    stop,
    async query(expr: string): Promise<Sample[]> {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: Sample[] };
      };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data!.resultType === 'vector' ? body.data!.result : [];
    },
  };
}
