// Rebuilds dist/ when it is missing or older than any source file, so `npm start` always serves the current code.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const output = 'dist/main.js';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime('src'), newestMtime('migrations'), statSync('package.json').mtimeMs);
if (!existsSync(output) || statSync(output).mtimeMs < sources) {
  execSync('npm run -s build', { stdio: 'inherit' });
}
