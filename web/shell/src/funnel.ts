/** The sign-up funnel's first step happens here: a browser opened the shell (counted once per browser). */
const SEEN_KEY = 'superapp.funnel.shellOpened';

export function reportFunnelStep(step: 'shell-opened'): void {
  if (localStorage.getItem(SEEN_KEY)) return;
  localStorage.setItem(SEEN_KEY, '1');
  void fetch('/runtime/funnel', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ step }), keepalive: true }).catch(() => undefined);
}
