import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from '../../../platform/http/web-assets';
import { FirstPartyBundles } from '../application/ports/first-party-bundles';
import type { FirstPartyBundle } from '../domain/first-party';

/** dist/mini-apps as `npm run pack:mini-apps` (part of the build) leaves it: each <slug>.zip with its listing in <slug>.json. */
export class PackedFirstPartyBundles extends FirstPartyBundles {
  constructor(private readonly dir: string = join(distDir(), 'mini-apps')) {
    super();
  }

  list(): FirstPartyBundle[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.json') && existsSync(join(this.dir, name.replace(/\.json$/, '.zip'))))
      .sort()
      .map((name) => {
        const listing = JSON.parse(readFileSync(join(this.dir, name), 'utf8'));
        return { ...listing, bundle: readFileSync(join(this.dir, name.replace(/\.json$/, '.zip'))) };
      });
  }
}
