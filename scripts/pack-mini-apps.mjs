// Packs each first-party mini-app (a folder of mini-apps/ with a listing.json) into the bundle review
// takes: dist/mini-apps/<slug>.zip with manifest.json and the page's files, and <slug>.json beside it
// with the listing it is registered under (name, category, description). The same bytes every time
// (fixed dates, sorted names), so an unchanged mini-app packs to the same digest.
// Usage: node scripts/pack-mini-apps.mjs [outDir]
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

const BUNDLED = /\.(html|js|css|json|svg|png|webp|woff2)$/;
const FIXED_DATE = new Date('2020-01-01T00:00:00Z');
const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'dist', 'mini-apps'));

mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'mini-apps')).sort()) {
  const dir = join(root, 'mini-apps', name);
  if (!existsSync(join(dir, 'listing.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const zip = new yazl.ZipFile();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && BUNDLED.test(entry.name) && entry.name !== 'listing.json')
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
  for (const file of files) zip.addBuffer(readFileSync(join(dir, file)), file, { mtime: FIXED_DATE, mode: 0o100644 });
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(join(out, `${manifest.slug}.zip`))));
  writeFileSync(
    join(out, `${manifest.slug}.json`),
    `${JSON.stringify({ slug: manifest.slug, version: manifest.version, ...JSON.parse(readFileSync(join(dir, 'listing.json'), 'utf8')) }, null, 2)}\n`,
  );
  process.stdout.write(`packed ${manifest.slug} ${manifest.version}: ${files.join(', ')}\n`);
}
