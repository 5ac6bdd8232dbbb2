// Rebuilds dist/ when it is missing or older than any source file, so `npm start` always serves the current code.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const outputs = [
  'dist/main.js',
  'dist/web/shell/index.html',
  'dist/sdk/v1/superapp.js',
  'dist/guides/sdk.md',
  'dist/mini-apps/payments.zip',
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  ...['src', 'migrations', 'web', 'sdk', 'mini-apps', 'docs'].filter(existsSync).map(newestMtime),
  statSync('package.json').mtimeMs,
);
if (outputs.some((output) => !existsSync(output) || statSync(output).mtimeMs < sources)) {
  // The build's progress goes to stderr: a benchmark's stdout carries only its JSON line.
  execSync('npm run -s build', { stdio: ['inherit', process.stderr, 'inherit'] });
}
