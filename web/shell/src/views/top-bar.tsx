import { api, session } from '../api';
import { href } from '../router';

export function TopBar() {
  const signOut = async () => {
    const refreshToken = localStorage.getItem('superapp.refreshToken');
    if (refreshToken) await api('/identity/logout', { body: { refreshToken } }).catch(() => undefined);
    session.clear();
  };
  return (
    <header class="top-bar">
      <a class="brand" href={href({ name: 'discover' })}>
        Super app
      </a>
      <nav class="top-nav" aria-label="Account">
        <a href={href({ name: 'privacy' })}>Privacy</a>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </nav>
    </header>
  );
}
