/** Content types of what a bundle may hold; anything else is served as opaque bytes (and sniffing is off). */
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
};

export function contentTypeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** Every browser feature off for bundle documents: only the shell holds them, and brokers them after asking. */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'clipboard-read',
  'clipboard-write',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'storage-access',
  'usb',
  'window-management',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * The headers of every bundle file (RUNTIME.md, "The sandbox", layers 2 and 3). The CSP's
 * `sandbox` directive keeps a file sandboxed (opaque origin, scripts only) even when its URL is
 * opened on its own; scripts may come only from this bundle and the SDK; the page has no network
 * (`connect-src 'none'`), no frames, workers or forms. `webrtc 'block'` is there for browsers that
 * honour it; Chromium does not, so the SDK removes WebRTC as well.
 */
export function frameHeaders(bundleBase: string, sdkUrl: string, digest: string, path: string): Record<string, string> {
  const csp = [
    'sandbox allow-scripts',
    "default-src 'none'",
    `script-src ${bundleBase} ${sdkUrl}`,
    `style-src ${bundleBase} 'unsafe-inline'`,
    `img-src ${bundleBase} data: blob:`,
    `font-src ${bundleBase}`,
    `media-src ${bundleBase} data: blob:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "worker-src 'none'",
    "object-src 'none'",
    "manifest-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "webrtc 'block'",
  ].join('; ');
  return {
    'content-type': contentTypeOf(path),
    'content-security-policy': csp,
    'permissions-policy': PERMISSIONS_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The frame's origin is opaque, so even its own files are cross-origin to it.
    'cross-origin-resource-policy': 'cross-origin',
    // The digest names the bytes; revalidating on each use lets a take-down stop a cached copy.
    etag: `"${digest}"`,
    'cache-control': 'no-cache',
  };
}

/**
 * Puts the SDK first in the entry page, ahead of any script of the mini-app (after the doctype, so
 * the page keeps its standards mode): it removes WebRTC before anything else can reach it, and no
 * inline script of the page can run first, because the CSP allows none.
 */
export function withSdkFirst(html: Buffer, sdkUrl: string): Buffer {
  const text = html.toString('utf8');
  const doctype = /^\uFEFF?\s*<!doctype[^>]*>/i.exec(text);
  const at = doctype ? doctype[0].length : 0;
  return Buffer.from(`${text.slice(0, at)}<script src="${sdkUrl}"></script>${text.slice(at)}`, 'utf8');
}
