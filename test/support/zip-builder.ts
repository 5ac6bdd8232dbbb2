import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data?: Buffer | string;
  /** Deflated unless said otherwise. */
  store?: boolean;
  /** Marked as a symbolic link (Unix mode 120777), `data` being its target. */
  symlink?: boolean;
  /** Extra fields, raw, written in the central directory (e.g. an Info-ZIP Unicode Path giving another name). */
  extra?: Buffer;
  /** Another name in the local header than in the central directory. */
  localName?: string;
}

/**
 * Writes a .zip by hand, so tests can build what no well-behaved zip library would: names that
 * climb out (`../x`), absolute paths, duplicates, symbolic links, real decompression bombs.
 */
export function buildZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const localName = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const extra = entry.extra ?? Buffer.alloc(0);
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8');
    const method = entry.store || entry.symlink ? 0 : 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(localName.length, 26);
    locals.push(local, localName, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode in the external attributes counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(((entry.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += local.length + localName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A clean mini-app: manifest, an HTML entry and a script using the SDK. */
export function cleanMiniApp(
  overrides: { slug?: string; version?: string; script?: string; manifest?: object } = {},
): ZipEntry[] {
  const slug = overrides.slug ?? 'city-bikes';
  const manifest = {
    slug,
    version: overrides.version ?? '1.0.0',
    name: 'City Bikes',
    entry: 'index.html',
    sdkVersion: '1',
    permissions: [{ scope: 'location', purpose: 'Show the bike stations near you' }],
    domains: ['https://api.citybikes.example'],
    ...overrides.manifest,
  };
  return [
    { name: 'manifest.json', data: JSON.stringify(manifest) },
    {
      name: 'index.html',
      data: '<!doctype html><html><head><script src="app.js"></script></head><body><h1>City Bikes</h1></body></html>',
    },
    {
      name: 'app.js',
      data:
        overrides.script ??
        `async function stations() {\n  const here = await superapp.getLocation({ precise: false });\n  const response = await superapp.request({ url: 'https://api.citybikes.example/stations?near=' + here.latitude + ',' + here.longitude, method: 'GET' });\n  return response.body;\n}\nstations().then((list) => console.log(list.length));\n`,
    },
  ];
}

/** An Info-ZIP Unicode Path extra field (0x7075) naming the entry `unicodeName` for unzippers that read it. */
export function unicodePathField(rawName: string, unicodeName: string): Buffer {
  const name = Buffer.from(unicodeName, 'utf8');
  const field = Buffer.alloc(4 + 5 + name.length);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + name.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(Buffer.from(rawName, 'utf8')), 5);
  name.copy(field, 9);
  return field;
}
