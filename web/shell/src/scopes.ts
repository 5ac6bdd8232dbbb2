/** What a person reads for each scope: the shell's words, beside the mini-app's own purpose. */
export const SCOPE_LABELS: Record<string, string> = {
  'user.profile': 'Your name and picture',
  location: 'Your location',
  camera: 'Photos and the camera',
  contacts: 'A contact you pick',
  payments: 'Ask you to pay',
  'wallet.read': 'Your wallet balance and statement',
  'wallet.transfer': 'Ask you to move money',
};

export const scopeLabel = (scope: string): string => SCOPE_LABELS[scope] ?? scope;

export type GrantState = 'granted' | 'denied' | 'not-asked';

export interface ScopeState {
  scope: string;
  purpose: string;
  state: GrantState;
}
