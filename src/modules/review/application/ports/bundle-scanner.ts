import type { ScanResult } from '../../domain/scanner';

/** A file of the bundle as unpacked: its bytes, decoded where it is scanned. */
export interface UnpackedFile {
  path: string;
  bytes: Uint8Array;
}

/** Runs the scanner (CPU work, seconds for a large bundle) where it cannot hold up requests. */
export abstract class BundleScanner {
  /**
   * Rejects with ScanInterrupted when the process is shutting down; with anything else when the scan
   * itself failed. The files' bytes are handed over: the caller must not read them afterwards.
   */
  abstract scan(files: readonly UnpackedFile[], domains: readonly string[]): Promise<ScanResult>;
}

/** The scan stopped because this process is stopping, not because of the bundle: another instance scans it again. */
export class ScanInterrupted extends Error {
  constructor() {
    super('the scan was interrupted by shutdown');
    this.name = 'ScanInterrupted';
  }
}
