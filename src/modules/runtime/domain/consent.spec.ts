import { describe, expect, it } from 'vitest';
import { consentState } from './consent';

describe('consent state', () => {
  const purpose = 'Show the bike stations near you';

  it('is not asked without a decision', () => expect(consentState(undefined, purpose)).toBe('not-asked'));

  it('is the decision made under the purpose the live manifest states', () => {
    expect(consentState({ state: 'granted', purpose }, purpose)).toBe('granted');
    expect(consentState({ state: 'denied', purpose }, purpose)).toBe('denied');
  });

  it('counts a decision made under another purpose for nothing, a denial as much as a grant', () => {
    expect(consentState({ state: 'granted', purpose }, 'Sell your whereabouts')).toBe('not-asked');
    expect(consentState({ state: 'denied', purpose }, 'Sell your whereabouts')).toBe('not-asked');
  });

  it('counts a decision on a scope the live manifest no longer declares for nothing', () =>
    expect(consentState({ state: 'granted', purpose }, undefined)).toBe('not-asked'));
});
