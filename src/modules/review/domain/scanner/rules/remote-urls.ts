/** URLs that load something from outside the bundle. */

const OUTSIDE_THE_BUNDLE = /^[\t\n\f\r ]*(?:[a-z][a-z0-9+.-]*:|\/\/|\\\\)/i;
const BUNDLE_BASE = 'https://bundle.invalid/';
const BUNDLE_ORIGIN = 'https://bundle.invalid';

/** True when `specifier` names code outside the bundle: any scheme (https:, data:, blob:) or `//host`. */
export function isOutsideTheBundle(specifier: string): boolean {
  return OUTSIDE_THE_BUNDLE.test(specifier);
}

export type ResolvedUrl =
  | { readonly kind: 'bundle' }
  | { readonly kind: 'http'; readonly origin: string }
  | { readonly kind: 'other'; readonly scheme: string };

/** Resolves a URL written in the bundle the way a browser would, relative to the bundle itself. */
export function resolveUrl(value: string): ResolvedUrl {
  let url: URL;
  try {
    url = new URL(value, BUNDLE_BASE);
  } catch {
    return { kind: 'bundle' };
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return url.origin === BUNDLE_ORIGIN ? { kind: 'bundle' } : { kind: 'http', origin: url.origin };
  }
  return { kind: 'other', scheme: url.protocol.slice(0, -1).toLowerCase() };
}
