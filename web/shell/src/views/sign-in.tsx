import { useState } from 'preact/hooks';
import { api, ApiError, session, type Tokens } from '../api';
import { href } from '../router';
import { ErrorNote } from '../ui/error-note';
import { textField } from '../ui/form-field';

export function SignIn({ mode, onDone }: { mode: 'sign-in' | 'sign-up'; onDone: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = textField(form, 'email');
    const password = textField(form, 'password');
    setBusy(true);
    setError(null);
    try {
      if (signUp)
        await api('/identity/register', {
          body: { email, password, displayName: textField(form, 'displayName') },
          auth: false,
        });
      session.set(await api<Tokens>('/identity/login', { body: { email, password }, auth: false }));
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError({ status: 0, detail: String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="narrow">
      <h1>{signUp ? 'Create your account' : 'Sign in'}</h1>
      <form onSubmit={submit} aria-describedby={error ? 'form-error' : undefined}>
        {signUp && (
          <label>
            Your name
            <input name="displayName" autoComplete="name" required maxLength={60} />
          </label>
        )}
        <label>
          E-mail
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            required
            minLength={signUp ? 8 : 1}
          />
        </label>
        {error && <ErrorNote id="form-error" error={error} />}
        <button type="submit" disabled={busy}>
          {signUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        {signUp ? (
          <a href={href({ name: 'sign-in' })}>I have an account</a>
        ) : (
          <a href={href({ name: 'sign-up' })}>Create an account</a>
        )}
      </p>
    </main>
  );
}
