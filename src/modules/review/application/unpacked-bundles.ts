import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { BundleUnpacker } from './ports/bundle-unpacker';

/** Unpacked bytes kept per instance; published bundles are immutable (addressed by digest), so nothing goes stale. */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The files of published bundles, unpacked once per instance and kept while they fit: a frame
 * loads a bundle's files one request at a time, and each would otherwise unzip the whole bundle.
 * Least recently used bundles leave first.
 */
@Injectable()
export class UnpackedBundles {
  private readonly cache = new Map<string, { files: Map<string, Buffer>; bytes: number }>();
  private readonly loading = new Map<string, Promise<Map<string, Buffer> | null>>();
  private bytes = 0;

  constructor(
    private readonly unpacker: BundleUnpacker,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async files(digest: string, load: () => Promise<Buffer | null>): Promise<Map<string, Buffer> | null> {
    const cached = this.cache.get(digest);
    if (cached) {
      this.cache.delete(digest);
      this.cache.set(digest, cached);
      return cached.files;
    }
    let pending = this.loading.get(digest);
    if (!pending) {
      pending = this.unpack(digest, load).finally(() => this.loading.delete(digest));
      this.loading.set(digest, pending);
    }
    return pending;
  }

  private async unpack(digest: string, load: () => Promise<Buffer | null>): Promise<Map<string, Buffer> | null> {
    const zip = await load();
    if (!zip) return null;
    const unpacked = await this.unpacker.unpack(zip, {
      maxBytes: this.config.REVIEW_BUNDLE_MAX_BYTES,
      maxUnpackedBytes: this.config.REVIEW_BUNDLE_MAX_UNPACKED_BYTES,
      maxFiles: this.config.REVIEW_BUNDLE_MAX_FILES,
    });
    // A published bundle passed intake; one that no longer unpacks (limits lowered since) is not served.
    if ('refusal' in unpacked) return null;
    const bytes = [...unpacked.files.values()].reduce((sum, file) => sum + file.length, 0);
    if (bytes <= CACHE_BYTES) {
      for (const [key, entry] of this.cache) {
        if (this.bytes + bytes <= CACHE_BYTES) break;
        this.cache.delete(key);
        this.bytes -= entry.bytes;
      }
      this.cache.set(digest, { files: unpacked.files, bytes });
      this.bytes += bytes;
    }
    return unpacked.files;
  }
}
