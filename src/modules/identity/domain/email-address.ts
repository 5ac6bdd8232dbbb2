/**
 * E-mail addresses are compared in one normal form: Unicode NFKC, trimmed, lower case.
 * Lower-casing the local part is technically lossy but is what every large provider does,
 * and it stops `Ann@x.io` and `ann@x.io` from becoming two accounts.
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
