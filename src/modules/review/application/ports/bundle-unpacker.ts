import type { BundleLimits, BundleRefusal } from '../../domain/bundle-refusal';

/** Unpacks an uploaded .zip within the limits, stopping at the first it crosses. */
export abstract class BundleUnpacker {
  abstract unpack(
    zip: Buffer,
    limits: BundleLimits,
  ): Promise<{ files: Map<string, Buffer> } | { refusal: BundleRefusal }>;
}
