import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { href } from '../router';
import { scopeLabel, type GrantState, type ScopeState } from '../scopes';
import { ErrorNote } from '../ui/error-note';

/** The permissions of one mini-app, each changeable: allowed, not allowed, or ask next time. */
export function PermissionSettings({
  slug,
  onChange,
  onPending,
}: {
  slug: string;
  onChange?: (scopes: ScopeState[]) => void;
  onPending?: (decision: Promise<void>) => void;
}) {
  const [scopes, setScopes] = useState<ScopeState[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = () =>
    api<{ scopes: ScopeState[] }>(`/runtime/mini-apps/${slug}/grants`)
      .then((r) => {
        setScopes(r.scopes);
        onChange?.(r.scopes);
      })
      .catch((e: ApiError) => setError(e));
  useEffect(() => void load(), [slug]);

  const save = async (scope: string, state: GrantState) => {
    setError(null);
    try {
      if (state === 'not-asked')
        await api(`/runtime/mini-apps/${slug}/grants/${encodeURIComponent(scope)}`, { method: 'DELETE' });
      else
        await api(`/runtime/mini-apps/${slug}/grants/${encodeURIComponent(scope)}`, {
          method: 'PUT',
          body: { decision: state },
        });
      await load();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  // Decisions are saved one after another, in the order made; whoever closes the settings waits
  // for the ones still on their way, so the mini-app learns the state that was saved last.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const decide = (scope: string, state: GrantState) => {
    queue.current = queue.current.then(() => save(scope, state));
    onPending?.(queue.current);
  };

  if (error && !scopes) return <ErrorNote error={error} />;
  if (!scopes) return <p aria-busy="true">Loading…</p>;
  if (!scopes.length) return <p>This mini-app asks for no permission.</p>;
  return (
    <>
      {error && <ErrorNote error={error} />}
      <ul class="settings">
        {scopes.map((s) => (
          <li key={s.scope}>
            <fieldset>
              <legend>{scopeLabel(s.scope)}</legend>
              <p class="purpose">“{s.purpose}”</p>
              {(['granted', 'denied', 'not-asked'] as const).map((state) => (
                <label key={state} class="choice">
                  <input
                    type="radio"
                    name={`scope-${s.scope}`}
                    checked={s.state === state}
                    onChange={() => decide(s.scope, state)}
                  />
                  {state === 'granted' ? 'Allow' : state === 'denied' ? "Don't allow" : 'Ask next time'}
                </label>
              ))}
            </fieldset>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SettingsView({ slug }: { slug: string }) {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Permissions of {slug}</h1>
      <PermissionSettings slug={slug} />
      <p>
        <a href={href({ name: 'app', slug })}>Open {slug}</a> ·{' '}
        <a href={href({ name: 'discover' })}>Back to Discover</a>
      </p>
    </section>
  );
}
