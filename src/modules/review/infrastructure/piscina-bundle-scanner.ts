import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { mergeScanResults, type ScanResult } from '../domain/scanner';
import { BundleScanner, ScanInterrupted, type UnpackedFile } from '../application/ports/bundle-scanner';
import type { ScanTask } from './scan-worker';

/** A thread idle this long is ended, so an instance that scans nothing holds no scanner memory. */
const IDLE_THREAD_MS = 60_000;
/** Scanning yields the CPU to the API's own thread: a reviewer's wait matters less than a payment's. */
const SCAN_NICENESS = 10;

/**
 * The scanner in worker threads (piscina), REVIEW_SCAN_THREADS of them: a bundle of 20 MB takes
 * seconds of CPU, which on the API's event loop would hold up every request of the instance. A
 * bundle's files are spread over the threads (each file is scanned on its own), and the parts'
 * results merged as if scanned at once.
 */
@Injectable()
export class PiscinaBundleScanner extends BundleScanner implements OnApplicationShutdown {
  private readonly pool: Piscina<ScanTask, ScanResult>;
  private closing = false;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    super();
    this.pool = new Piscina({
      ...workerModule(),
      name: 'default',
      minThreads: 0,
      maxThreads: config.REVIEW_SCAN_THREADS,
      idleTimeout: IDLE_THREAD_MS,
      niceIncrement: SCAN_NICENESS,
    });
  }

  async scan(files: readonly UnpackedFile[], domains: readonly string[]): Promise<ScanResult> {
    if (this.closing) throw new ScanInterrupted();
    const parts = spread(files, Math.max(1, Math.min(this.pool.maxThreads, files.length)));
    try {
      return mergeScanResults(
        await Promise.all(
          parts.map((part) =>
            this.pool.run({ files: part, domains: [...domains] }, { transferList: ownedBuffersOf(part) }),
          ),
        ),
      );
    } catch (error) {
      throw this.closing ? new ScanInterrupted() : error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.pool.destroy();
  }
}

/**
 * The worker's module: compiled JavaScript next to this file in dist/; from the TypeScript sources
 * (the tests), the .ts file, compiled on load by tsx's require hook (the scanner needs no
 * decorator metadata). Not scripts/swc-register.cjs: a worker that loaded SWC's native binding
 * crashes the process (SIGSEGV) when the pool ends it.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const filename = join(__dirname, `scan-worker${extension}`);
  if (extension !== '.ts') return { filename };
  const register = join(__dirname, '..', '..', '..', '..', 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs');
  if (!existsSync(register)) throw new Error(`cannot run the scan worker from TypeScript without ${register}`);
  return { filename, execArgv: ['--require', register] };
}

/**
 * The memory of the files that own all of theirs, handed to the worker instead of copied: copying
 * megabytes into a message is work on the event loop (a fifth of a second for 5 MB, measured on a
 * busy machine). A file that is a view into a shared pool (Node's small Buffers) is copied.
 */
function ownedBuffersOf(files: readonly UnpackedFile[]): ArrayBuffer[] {
  const owned = files
    .map(({ bytes }) => bytes)
    .filter(
      (bytes) =>
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer,
    )
    .map((bytes) => bytes.buffer as ArrayBuffer);
  return [...new Set(owned)];
}

/** Whole files in `count` parts of about equal size: the largest first, each into the lightest part. */
function spread(files: readonly UnpackedFile[], count: number): UnpackedFile[][] {
  const parts = Array.from({ length: count }, () => ({ files: [] as UnpackedFile[], bytes: 0 }));
  for (const file of [...files].sort((a, b) => b.bytes.byteLength - a.bytes.byteLength)) {
    const lightest = parts.reduce((least, part) => (part.bytes < least.bytes ? part : least));
    lightest.files.push(file);
    lightest.bytes += file.bytes.byteLength;
  }
  return parts.map((part) => part.files).filter((part) => part.length > 0);
}
