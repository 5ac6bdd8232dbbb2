import type { Manifest } from '../domain/manifest';
import type { MiniApp, Version } from './ports/review-store';

/** What catalogues show of a version, from the mini-app and the version's manifest. */
export function listingOf(app: MiniApp, version: Version) {
  const manifest = version.manifest as unknown as Manifest;
  return {
    name: manifest.name,
    category: app.category,
    description: app.description,
    entry: manifest.entry,
    permissions: manifest.permissions,
    domains: manifest.domains,
    bundleDigest: version.bundleDigest,
  };
}
