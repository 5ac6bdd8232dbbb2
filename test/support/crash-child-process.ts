import { type ChildProcess, spawn } from 'node:child_process';

/** Runs test/support/crash-child.ts (or another such script) in its own Node process (compiled by swc, as the app's build is). */
export function startCrashChild(
  env: Record<string, string>,
  script = 'test/support/crash-child.ts',
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
} {
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', './scripts/swc-register.cjs', script], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => output, exited };
}
