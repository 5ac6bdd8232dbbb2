import type { Scope } from '../../../shared/contracts/review';

export interface Permission {
  scope: Scope;
  purpose: string;
}

/** What may run of a mini-app: its live manifest, as review last published it. */
export interface LiveMiniApp {
  miniAppId: string;
  slug: string;
  name: string;
  category: string;
  version: string;
  entry: string;
  bundleDigest: string;
  bundleSignature: string;
  permissions: Permission[];
  domains: string[];
}

/** The purpose the live manifest gives for a scope; undefined when it does not declare it. */
export const purposeOf = (app: Pick<LiveMiniApp, 'permissions'>, scope: string): string | undefined =>
  app.permissions.find((p) => p.scope === scope)?.purpose;
