import { useEffect, useState } from 'preact/hooks';
import { api, session } from '../api';
import { ErrorNote } from '../ui/error-note';
import { Sheet } from '../ui/sheet';
import { useAction } from '../ui/use-action';

interface DataExport {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  archiveUrl: string | null;
}

export interface Erasure {
  state: 'in-progress' | 'completed';
  steps: Array<{ module: string; state: 'pending' | 'erased' }>;
  statusUrl: string;
}

const POLL_MS = 1_000;
/** An export is assembled in seconds; past this the person is told to come back rather than left waiting. */
const EXPORT_WAIT_MS = 120_000;
/** The platform's modules, in the person's words. */
const PARTS: Record<string, string> = {
  identity: 'Your account and sign-ins',
  runtime: 'Mini-apps: permissions, storage, history',
  wallet: 'Wallet: cards and bank accounts',
  payments: 'Payments to mini-apps',
  privacy: 'This privacy report and your data copies',
};
const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hands the archive to the browser as a file (the route needs the bearer token, so a plain link cannot fetch it). */
function saveAsFile(archive: unknown, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(archive, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The person's rights over all their data: a copy of it (Art. 15/20), and its erasure (Art. 17). */
export function YourData({ onErasureAccepted }: { onErasureAccepted: (erasure: Erasure) => void }) {
  const [erasing, setErasing] = useState(false);
  return (
    <section aria-labelledby="your-data-title" class="your-data">
      <h2 id="your-data-title">Your data</h2>
      <DownloadCopy />
      <p>
        <button type="button" class="danger" onClick={() => setErasing(true)}>
          Erase my account…
        </button>
      </p>
      {erasing && <ErasureSheet onClose={() => setErasing(false)} onAccepted={onErasureAccepted} />}
    </section>
  );
}

function DownloadCopy() {
  const { busy, error, run } = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const download = () =>
    run(async () => {
      let current = await api<DataExport>('/privacy/me/exports', { method: 'POST' });
      setStatus('Gathering your data from every part of the platform…');
      const deadline = Date.now() + EXPORT_WAIT_MS;
      while (current.status === 'pending' && Date.now() < deadline) {
        await until(POLL_MS);
        current = await api<DataExport>(`/privacy/me/exports/${current.id}`);
      }
      if (current.status === 'pending') {
        setStatus('Your copy is still being gathered: come back to this page and ask again in a few minutes.');
        return;
      }
      if (current.status === 'failed' || !current.archiveUrl) {
        setStatus('The copy could not be made; ask again in a while.');
        return;
      }
      saveAsFile(await api(current.archiveUrl), `superapp-data-${new Date().toISOString().slice(0, 10)}.json`);
      setStatus('Your copy was downloaded: one JSON file, with what each part of the platform holds on you.');
    });
  return (
    <>
      <p>
        <button type="button" class="secondary" disabled={busy} onClick={() => void download()}>
          Download a copy of my data
        </button>
      </p>
      {/* Present from the start, so that screen readers announce the text when it comes. */}
      <p role="status" aria-busy={busy}>
        {status}
      </p>
      {error && <ErrorNote error={error} />}
    </>
  );
}

function ErasureSheet({ onClose, onAccepted }: { onClose: () => void; onAccepted: (erasure: Erasure) => void }) {
  const { busy, error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const password = new FormData(event.currentTarget as HTMLFormElement).get('password') as string;
    const accepted = await run(() => api<Erasure>('/privacy/me/erasure', { body: { password } }));
    if (accepted) onAccepted(accepted);
  };
  return (
    <Sheet title="Erase your account?" onClose={onClose} busy={busy}>
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'erasure-error' : undefined}>
        <p>
          Everything the platform holds on you is deleted, and every mini-app you used is told to delete what it keeps.
          The payments you made stay in the books, under an id that names no one. This cannot be undone.
        </p>
        <label>
          Your password, to confirm it is you
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && <ErrorNote id="erasure-error" error={error} />}
        <div class="actions">
          <button type="button" class="secondary" disabled={busy} onClick={onClose}>
            Keep my account
          </button>
          <button type="submit" class="danger" disabled={busy}>
            Erase everything
          </button>
        </div>
      </form>
    </Sheet>
  );
}

/** Followed at its status URL, which needs no token: the person's tokens stopped working when it was accepted. */
export function ErasureProgress({ first }: { first: Erasure }) {
  const [erasure, setErasure] = useState(first);
  useEffect(() => {
    if (erasure.state === 'completed') return;
    const timer = setTimeout(
      () =>
        void api<Erasure>(first.statusUrl, { auth: false })
          .then(setErasure)
          .catch(() => setErasure({ ...erasure })),
      POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [erasure]);
  const done = erasure.steps.filter((step) => step.state === 'erased').length;
  return (
    <section aria-labelledby="erasure-title" class="privacy">
      <h1 id="erasure-title">{erasure.state === 'completed' ? 'Your account is erased' : 'Erasing your account…'}</h1>
      <p role="status">
        {erasure.state === 'completed'
          ? 'Every part of the platform has deleted what it held on you. Goodbye.'
          : `${done} of ${erasure.steps.length} parts of the platform have deleted what they held on you.`}
      </p>
      <p class="quiet">
        Your sign-in stopped working when you confirmed. This page follows the erasure at{' '}
        <a href={first.statusUrl}>its status address</a>, which needs no sign-in.
      </p>
      <ul class="rows">
        {erasure.steps.map((step) => (
          <li key={step.module}>
            {PARTS[step.module] ?? step.module}: {step.state === 'erased' ? 'erased' : 'in progress'}
          </li>
        ))}
      </ul>
      {erasure.state === 'completed' && (
        // The platform stopped every token of this account when it accepted: the shell forgets them now.
        <p>
          <button type="button" onClick={() => session.clear()}>
            Close
          </button>
        </p>
      )}
    </section>
  );
}
