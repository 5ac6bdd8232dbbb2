import { scanBundle, type ScanResult } from '../domain/scanner';
import type { UnpackedFile } from '../application/ports/bundle-scanner';

export interface ScanTask {
  files: UnpackedFile[];
  domains: string[];
}

/** Runs in a worker thread of the scan pool (see PiscinaBundleScanner): the bytes arrive copied, are decoded and scanned here. */
export default function scanInWorker({ files, domains }: ScanTask): ScanResult {
  const decoded = files.map(({ path, bytes }) => ({
    path,
    content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  }));
  return scanBundle({ files: decoded, domains });
}
