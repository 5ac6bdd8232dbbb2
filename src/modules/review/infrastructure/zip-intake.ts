import { posix } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type BundleLimits, type BundleRefusal, MAX_COMPRESSION_RATIO, RATIO_GRACE_BYTES } from '../domain/bundle-refusal';

class Refused extends Error {
  constructor(readonly refusal: BundleRefusal) {
    super(refusal);
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Unpacks a .zip bundle from memory, one entry at a time, and stops at the first limit it
 * crosses: counts the bytes actually inflated (never the sizes the archive claims), so memory
 * stays bounded by the limits whatever is uploaded. Returns the files by path, or the refusal.
 */
export async function unpackBundle(zip: Buffer, limits: BundleLimits): Promise<{ files: Map<string, Buffer> } | { refusal: BundleRefusal }> {
  if (zip.length > limits.maxBytes) return { refusal: 'bundle-too-large' };
  let archive: ZipFile;
  try {
    archive = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (error, file) => (error ? reject(error) : resolve(file!))),
    );
  } catch {
    return { refusal: 'bundle-not-a-zip' };
  }
  if (archive.entryCount > limits.maxFiles) {
    archive.close();
    return { refusal: 'bundle-too-many-files' };
  }
  const files = new Map<string, Buffer>();
  let unpacked = 0;
  try {
    for await (const entry of entries(archive)) {
      const name = entry.fileName;
      if (name.startsWith('/') || posix.normalize(name).startsWith('../') || name.split('/').includes('..')) throw new Refused('bundle-path-escapes');
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw new Refused('bundle-symlink');
      if (name.endsWith('/')) continue;
      if (files.has(name)) throw new Refused('bundle-duplicate-name');
      const chunks: Buffer[] = [];
      let entryBytes = 0;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => archive.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s!))));
      await pipeline(
        stream,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            entryBytes += chunk.length;
            unpacked += chunk.length;
            if (unpacked > limits.maxUnpackedBytes) return done(new Refused('bundle-unpacked-too-large'));
            if (entryBytes > RATIO_GRACE_BYTES && entryBytes > MAX_COMPRESSION_RATIO * Math.max(entry.compressedSize, 1)) return done(new Refused('bundle-compression-bomb'));
            chunks.push(chunk);
            done();
          },
        }),
      );
      files.set(name, Buffer.concat(chunks));
    }
  } catch (error) {
    archive.close();
    if (error instanceof Refused) return { refusal: error.refusal };
    const message = (error as Error).message ?? '';
    // yauzl's own checks of names (absolute, "..", backslashes) and of sizes that lie.
    if (/absolute path|invalid relative path|invalid characters in fileName/.test(message)) return { refusal: 'bundle-path-escapes' };
    return { refusal: 'bundle-not-a-zip' };
  }
  if (!files.has('manifest.json')) return { refusal: 'bundle-no-manifest' };
  return { files };
}

/** The archive's entries, one at a time (lazyEntries: the next is read only when asked for). */
async function* entries(archive: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const entry = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (e: Entry) => done(() => resolve(e));
      const onEnd = () => done(() => resolve(null));
      const onError = (error: Error) => done(() => reject(error));
      const done = (then: () => void) => {
        archive.off('entry', onEntry).off('end', onEnd).off('error', onError);
        then();
      };
      archive.once('entry', onEntry).once('end', onEnd).once('error', onError);
      archive.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}
