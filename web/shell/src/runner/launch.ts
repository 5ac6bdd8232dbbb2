import type { ScopeState } from '../scopes';

/** What `POST /runtime/launches` answers, as far as the shell uses it. */
export interface Launch {
  launchId: string;
  miniApp: { slug: string; name: string; category: string };
  version: string;
  frameUrl: string;
  scopes: ScopeState[];
  domains: string[];
  launchData: string;
  expiresAt: string;
}
