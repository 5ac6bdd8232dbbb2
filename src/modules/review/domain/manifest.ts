import { isIP } from 'node:net';
import semver from 'semver';
import { z } from 'zod';
import { SCOPES } from '../../../shared/contracts/review';
import type { FieldError } from '../../../shared/kernel/problem';
import { findUnstorableText } from '../../../shared/kernel/storable-text';

export const SLUG = /^[a-z][a-z0-9-]{2,39}$/;
const MAX_DOMAINS = 20;

/** A loopback origin with its port, as a developer runs a backend on their own machine: `http://127.0.0.1:8080`. */
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

/**
 * An https origin a mini-app's SDK network calls may reach: no IP address, no localhost, no
 * wildcard, no path. Where the platform lets its proxy reach loopback (OUTBOUND_ALLOW_LOOPBACK,
 * development and tests), a loopback origin with a port is accepted too.
 */
const origin = (allowLoopback: boolean) =>
  z.string().superRefine((value, ctx) => {
    const problem = allowLoopback && LOOPBACK_ORIGIN.test(value) ? null : originProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function originProblem(value: string): string | null {
  if (value.includes('*')) return 'must not contain a wildcard';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an https origin such as https://api.example.com';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.pathname !== '/' || url.search || url.hash || value.endsWith('/'))
    return 'must be an origin only (no path, query or trailing slash)';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return 'must be a domain name, not an IP address';
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'must be a public domain name';
  return null;
}

const schemaFor = (allowLoopback: boolean) =>
  z.strictObject({
    slug: z.string().regex(SLUG, 'must be 3-40 lower-case letters, digits and dashes, starting with a letter'),
    version: z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.0'),
    name: z.string().trim().min(1).max(60),
    entry: z
      .string()
      .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.html?$/, 'must be the path of an HTML file in the bundle, e.g. index.html'),
    sdkVersion: z.literal('1', 'must be "1", the SDK version this platform runs'),
    permissions: z
      .array(
        z.strictObject({
          scope: z.enum(SCOPES, `must be one of ${SCOPES.join(', ')}`),
          purpose: z.string().trim().min(10, 'must say, in a sentence, why the app needs it').max(200),
        }),
      )
      .max(SCOPES.length)
      .refine((list) => new Set(list.map((p) => p.scope)).size === list.length, 'must not name a scope twice'),
    domains: z.array(origin(allowLoopback)).max(MAX_DOMAINS, `at most ${MAX_DOMAINS} domains`),
  });

export const manifestSchema = schemaFor(false);
const manifestSchemaWithLoopback = schemaFor(true);
export type Manifest = z.infer<typeof manifestSchema>;

/** Parses manifest.json's text: the manifest, or one error per wrong field under `#/manifest/…`. */
export function parseManifest(
  text: string,
  context: {
    slug: string;
    files: ReadonlySet<string>;
    earlierVersions: readonly string[];
    allowLoopbackOrigins?: boolean;
  },
): { manifest: Manifest } | { errors: FieldError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { errors: [{ pointer: '#/manifest', detail: 'manifest.json is not valid JSON' }] };
  }
  // Its fields are stored and published as they are: text PostgreSQL cannot hold is refused here, naming the field.
  const unstorable = findUnstorableText(raw, '#/manifest');
  if (unstorable) return { errors: [unstorable] };
  const parsed = (context.allowLoopbackOrigins ? manifestSchemaWithLoopback : manifestSchema).safeParse(raw);
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        pointer: `#/manifest${issue.path.map((p) => `/${String(p)}`).join('')}`,
        detail: issue.message,
      }));
  if (parsed.success) {
    const { manifest } = { manifest: parsed.data };
    if (manifest.slug !== context.slug)
      errors.push({
        pointer: '#/manifest/slug',
        detail: `must be ${context.slug}, the mini-app this version belongs to`,
      });
    const latest = semver.rsort([...context.earlierVersions])[0];
    if (latest && !semver.gt(manifest.version, latest))
      errors.push({
        pointer: '#/manifest/version',
        detail: `must be greater than ${latest}, the latest version submitted`,
      });
    if (!context.files.has(manifest.entry))
      errors.push({ pointer: '#/manifest/entry', detail: `${manifest.entry} is not in the bundle` });
    if (!errors.length) return { manifest };
  }
  return { errors };
}
