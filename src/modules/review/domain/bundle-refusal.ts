/** Why a bundle is refused at intake; each is a 4xx with its own problem type, and nothing is stored. */
export type BundleRefusal =
  | 'bundle-too-large'
  | 'bundle-unpacked-too-large'
  | 'bundle-too-many-files'
  | 'bundle-compression-bomb'
  | 'bundle-path-escapes'
  | 'bundle-symlink'
  | 'bundle-duplicate-name'
  | 'bundle-not-a-zip'
  | 'bundle-no-manifest';

export interface BundleLimits {
  maxBytes: number;
  maxUnpackedBytes: number;
  maxFiles: number;
}

/** Beyond this many bytes out per byte in (after the first MiB), an entry is a decompression bomb, not a bundle. */
export const MAX_COMPRESSION_RATIO = 100;
export const RATIO_GRACE_BYTES = 1024 * 1024;

export const REFUSAL_DETAIL: Record<BundleRefusal, string> = {
  'bundle-too-large': 'The bundle is larger than this platform accepts.',
  'bundle-unpacked-too-large': 'The bundle unpacks to more than this platform accepts.',
  'bundle-too-many-files': 'The bundle holds more files than this platform accepts.',
  'bundle-compression-bomb': 'An entry of the bundle expands far beyond any real asset: a decompression bomb.',
  'bundle-path-escapes': 'A path in the bundle is absolute or climbs out of it (..).',
  'bundle-symlink': 'The bundle holds a symbolic link; bundles hold files only.',
  'bundle-duplicate-name': 'Two entries of the bundle have the same name.',
  'bundle-not-a-zip': 'The bundle is not a valid .zip archive.',
  'bundle-no-manifest': 'The bundle has no manifest.json at its root.',
};
