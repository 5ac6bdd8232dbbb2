import { posix } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  type BundleLimits,
  type BundleRefusal,
  MAX_COMPRESSION_RATIO,
  RATIO_GRACE_BYTES,
} from '../domain/bundle-refusal';

class Refused extends Error {
  constructor(readonly refusal: BundleRefusal) {
    super(refusal);
  }
}

/** Info-ZIP Unicode Path extra field: a second name for the entry, read by some unzippers and not others. */
const UNICODE_PATH_FIELD = 0x7075;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Unpacks a .zip bundle from memory, one entry at a time, and stops at the first limit it
 * crosses: counts the bytes actually inflated (never the sizes the archive claims), so memory
 * stays bounded by the limits whatever is uploaded. Returns the files by path, or the refusal.
 */
export async function unpackBundle(
  zip: Buffer,
  limits: BundleLimits,
): Promise<{ files: Map<string, Buffer> } | { refusal: BundleRefusal }> {
  if (zip.length > limits.maxBytes) return { refusal: 'bundle-too-large' };
  let archive: ZipFile;
  try {
    archive = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (error, file) =>
        error ? reject(error) : resolve(file),
      ),
    );
  } catch {
    return { refusal: 'bundle-not-a-zip' };
  }
  if (archive.entryCount > limits.maxFiles) {
    archive.close();
    return { refusal: 'bundle-too-many-files' };
  }
  const files = new Map<string, Buffer>();
  const seen = new Set<string>();
  let unpacked = 0;
  try {
    for await (const entry of entries(archive)) {
      const name = entry.fileName;
      // One name for every unzipper: no Unicode Path field overriding the raw name, and the local header agreeing
      // with the central directory (unzippers that stream read the former, yauzl the latter).
      if (entry.extraFields.some((field) => field.id === UNICODE_PATH_FIELD) || !localNameMatches(zip, entry))
        throw new Refused('bundle-path-escapes');
      if (name.startsWith('/') || posix.normalize(name).startsWith('../') || name.split('/').includes('..'))
        throw new Refused('bundle-path-escapes');
      // Paths another unzipper (or a case-insensitive file system) would read as one of ours: `./a`, `a//b`, `A`.
      const segments = name.replace(/\/$/, '').split('/');
      if (segments.some((segment) => segment === '' || segment === '.')) throw new Refused('bundle-path-escapes');
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw new Refused('bundle-symlink');
      if (name.endsWith('/')) continue;
      const folded = name.normalize('NFC').toLowerCase();
      if (seen.has(folded)) throw new Refused('bundle-duplicate-name');
      seen.add(folded);
      const chunks: Buffer[] = [];
      let entryBytes = 0;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        archive.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
      );
      await pipeline(
        stream,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            entryBytes += chunk.length;
            unpacked += chunk.length;
            if (unpacked > limits.maxUnpackedBytes) return done(new Refused('bundle-unpacked-too-large'));
            if (
              entryBytes > RATIO_GRACE_BYTES &&
              entryBytes > MAX_COMPRESSION_RATIO * Math.max(entry.compressedSize, 1)
            )
              return done(new Refused('bundle-compression-bomb'));
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
    if (/absolute path|invalid relative path|invalid characters in fileName/.test(message))
      return { refusal: 'bundle-path-escapes' };
    return { refusal: 'bundle-not-a-zip' };
  }
  if (!files.has('manifest.json')) return { refusal: 'bundle-no-manifest' };
  return { files };
}

/** The name in the entry's local header, byte for byte the central directory's. */
function localNameMatches(zip: Buffer, entry: Entry): boolean {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER_SIGNATURE) return false;
  const length = zip.readUInt16LE(at + 26);
  return at + 30 + length <= zip.length && zip.subarray(at + 30, at + 30 + length).equals(entry.fileNameRaw);
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
