const SEEN_KEY = 'superapp.shellSeen';

/** The signup funnel's first step: once per browser, with nothing about the person in it. */
export function reportShellOpened(): void {
  if (localStorage.getItem(SEEN_KEY)) return;
  void fetch('/funnel/shell-opened', { method: 'POST', keepalive: true })
    .then((response) => response.ok && localStorage.setItem(SEEN_KEY, '1'))
    .catch(() => undefined);
}
