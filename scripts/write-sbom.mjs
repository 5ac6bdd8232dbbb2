// Writes the CycloneDX bill of materials of what ships (the lock file's production dependencies) to
// dist/sbom.cdx.json, where the Docker image carries it. Part of `npm run build`; `npm sbom` reads only
// the lock file here, so it needs no network. Not `npm sbom --omit dev`: it leaves out every package that
// a dev dependency also needs (@nestjs/core, rxjs, acorn… went missing), so the whole tree is listed and
// what npm marks as development-only is removed here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const OUTPUT = 'dist/sbom.cdx.json';
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const run = spawnSync(
  npm[0],
  [...npm[1], 'sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only'],
  {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
);
let bom;
try {
  bom = JSON.parse(run.stdout);
} catch {
  bom = undefined;
}
if (run.status !== 0 || bom?.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components)) {
  process.stderr.write(`sbom: npm sbom failed (${run.stderr.trim().split('\n').pop() || `exit ${run.status}`})\n`);
  process.exit(1);
}
const isDevelopmentOnly = (component) =>
  component.properties?.some((p) => p.name === 'cdx:npm:package:development' && p.value === 'true');
const dropped = new Set(bom.components.filter(isDevelopmentOnly).map((component) => component['bom-ref']));
bom.components = bom.components.filter((component) => !dropped.has(component['bom-ref']));
bom.dependencies = (bom.dependencies ?? [])
  .filter((dependency) => !dropped.has(dependency.ref))
  .map((dependency) => ({ ...dependency, dependsOn: (dependency.dependsOn ?? []).filter((ref) => !dropped.has(ref)) }));
// Reading the lock file only, npm names the root after the folder it is in (`app` in the image): name it as package.json does.
bom.metadata.component.name = JSON.parse(readFileSync('package.json', 'utf8')).name;
mkdirSync('dist', { recursive: true });
writeFileSync(OUTPUT, `${JSON.stringify(bom, null, 2)}\n`);
