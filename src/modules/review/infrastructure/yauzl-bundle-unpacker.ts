import { Injectable } from '@nestjs/common';
import { BundleUnpacker } from '../application/ports/bundle-unpacker';
import type { BundleLimits } from '../domain/bundle-refusal';
import { unpackBundle } from './zip-intake';

@Injectable()
export class YauzlBundleUnpacker extends BundleUnpacker {
  unpack(zip: Buffer, limits: BundleLimits) {
    return unpackBundle(zip, limits);
  }
}
