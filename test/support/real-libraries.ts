import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Minified bundles of well-known libraries, all present in node_modules here (about 2.5 MB). */
export const REAL_LIBRARIES = [
  'swagger-ui-dist/swagger-ui-bundle.js',
  'class-validator/bundles/class-validator.umd.min.js',
  'libphonenumber-js/bundle/libphonenumber-js.min.js',
  'meriyah/dist/meriyah.umd.min.js',
  'validator/validator.min.js',
  'rxjs/dist/bundles/rxjs.umd.min.js',
  'luxon/build/global/luxon.min.js',
];

/** Libraries with no critical finding: what a clean mini-app may ship. */
export const CLEAN_LIBRARIES = [
  'class-validator/bundles/class-validator.umd.min.js',
  'libphonenumber-js/bundle/libphonenumber-js.min.js',
  'meriyah/dist/meriyah.umd.min.js',
  'luxon/build/global/luxon.min.js',
];

/** The code of a library by its path under node_modules. */
export function libraryCode(path: string): string {
  return readFileSync(join(__dirname, '..', '..', 'node_modules', path), 'utf8');
}
