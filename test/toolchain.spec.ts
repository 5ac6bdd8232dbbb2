import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE_MAJOR } from '../src/platform/config/node-version';

const root = join(__dirname, '..');

describe('the toolchain', () => {
  it('runs the suite on Node.js 24, the version the project pins', () => {
    expect(
      Number(process.versions.node.split('.')[0]),
      `this suite ran on ${process.version}; npm scripts use node_modules/.bin/node`,
    ).toBe(SUPPORTED_NODE_MAJOR);
  });

  it('says 24 in .nvmrc, engines and the container image alike', () => {
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe(String(SUPPORTED_NODE_MAJOR));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toMatch(new RegExp(`^>=${SUPPORTED_NODE_MAJOR}\\.\\d+ <${SUPPORTED_NODE_MAJOR + 1}$`));
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${SUPPORTED_NODE_MAJOR}\\.`));
    const images = [...readFileSync(join(root, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images)
      expect(image).toMatch(
        new RegExp(`^${SUPPORTED_NODE_MAJOR}\\.\\d+\\.\\d+-bookworm-slim(@sha256:[0-9a-f]{64})?( |$)`),
      );
  });
});
