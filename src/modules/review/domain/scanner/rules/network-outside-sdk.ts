import type { GlobalApiRule } from '../javascript/global-api-catalog';
import type { JavaScriptRule } from '../javascript/javascript-rule';
import { reportDisguisedMembers } from './disguised-members';

/** Network APIs of the browser; a mini-app calls superapp.request instead. */
const NETWORK_APIS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'navigator.sendBeacon'];
const NETWORK_MEMBER_NAMES: ReadonlySet<string> = new Set(NETWORK_APIS.map((path) => path.split('.').pop() ?? path));

// The host makes every network call (superapp.request) so that it can hold the mini-app to its declared domains.
const globalApis: readonly GlobalApiRule[] = NETWORK_APIS.map((path) => ({
  path,
  misuse: 'invoke' as const,
  ruleId: 'network-outside-sdk' as const,
  message: `uses ${path}, a network call outside the SDK (use superapp.request)`,
}));

export const networkOutsideSdkRule: JavaScriptRule = {
  globalApis,
  inspect(context) {
    reportDisguisedMembers(
      context,
      NETWORK_MEMBER_NAMES,
      'network-outside-sdk',
      (name) => `uses a member whose computed name folds to "${name}", a network API outside the SDK`,
    );
  },
};
