import { describe, expect, it } from 'vitest';
import { unpackBundle } from '../src/modules/review/infrastructure/zip-intake';
import { buildZip, cleanMiniApp, unicodePathField } from './support/zip-builder';

const limits = { maxBytes: 5 * 1024 * 1024, maxUnpackedBytes: 20 * 1024 * 1024, maxFiles: 50 };

describe('bundle intake (the unpacker)', () => {
  it('unpacks a clean bundle into its files', async () => {
    const result = await unpackBundle(buildZip(cleanMiniApp()), limits);
    expect('files' in result && [...result.files.keys()].sort()).toEqual(['app.js', 'index.html', 'manifest.json']);
  });

  it.each([
    ['a path that climbs out of the bundle', [{ name: '../evil.js', data: 'x' }], 'bundle-path-escapes'],
    ['a path that climbs out in the middle', [{ name: 'js/../../evil.js', data: 'x' }], 'bundle-path-escapes'],
    ['an absolute path', [{ name: '/etc/passwd', data: 'x' }], 'bundle-path-escapes'],
    ['a backslash path', [{ name: '..\\evil.js', data: 'x' }], 'bundle-path-escapes'],
    ['a symbolic link', [{ name: 'link', data: '/etc/passwd', symlink: true }], 'bundle-symlink'],
    [
      'two entries with one name',
      [
        { name: 'app.js', data: 'a' },
        { name: 'app.js', data: 'b' },
      ],
      'bundle-duplicate-name',
    ],
    [
      'a second manifest another unzipper reads as the first (./)',
      [{ name: './manifest.json', data: '{}' }],
      'bundle-path-escapes',
    ],
    ['an empty path segment', [{ name: 'js//app.js', data: 'x' }], 'bundle-path-escapes'],
    ['a name differing only in case', [{ name: 'Manifest.json', data: '{}' }], 'bundle-duplicate-name'],
    [
      'an escaping name disguised by a Unicode Path field',
      [{ name: '../evil.js', data: 'x', extra: unicodePathField('../evil.js', 'evil.js') }],
      'bundle-path-escapes',
    ],
    [
      'a local header naming another file than the directory',
      [{ name: 'evil.js', localName: '../evil.js', data: 'x' }],
      'bundle-path-escapes',
    ],
  ])('refuses %s', async (_, extra, refusal) => {
    expect(await unpackBundle(buildZip([...cleanMiniApp(), ...extra]), limits)).toEqual({ refusal });
  });

  it('refuses a real decompression bomb after inflating no more than its limit', async () => {
    // 200 MB of zeros deflate to about 200 KB: a ratio of about 1000.
    const bomb = buildZip([...cleanMiniApp(), { name: 'zeros.bin', data: Buffer.alloc(200 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    const before = process.memoryUsage().rss;
    expect(await unpackBundle(bomb, limits)).toEqual({ refusal: 'bundle-compression-bomb' });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses what unpacks beyond the total limit even at an innocent ratio', async () => {
    const random = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
    const chunky = Array.from({ length: 3 }, (_, i) => ({
      name: `asset-${i}.bin`,
      data: random(1024 * 1024),
      store: true,
    }));
    expect(
      await unpackBundle(buildZip([...cleanMiniApp(), ...chunky]), { ...limits, maxUnpackedBytes: 2 * 1024 * 1024 }),
    ).toEqual({ refusal: 'bundle-unpacked-too-large' });
  });

  it('refuses too many files, a compressed size over the limit, no manifest and anything that is not a zip', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ name: `f${i}.js`, data: '1' }));
    expect(await unpackBundle(buildZip([...cleanMiniApp(), ...many]), limits)).toEqual({
      refusal: 'bundle-too-many-files',
    });
    expect(await unpackBundle(buildZip(cleanMiniApp()), { ...limits, maxBytes: 100 })).toEqual({
      refusal: 'bundle-too-large',
    });
    expect(await unpackBundle(buildZip(cleanMiniApp().slice(1)), limits)).toEqual({ refusal: 'bundle-no-manifest' });
    expect(await unpackBundle(Buffer.from('PK but not really'), limits)).toEqual({ refusal: 'bundle-not-a-zip' });
  });
});
