import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { formatMoney } from '../money';
import { href } from '../router';
import { scopeLabel } from '../scopes';
import { ErrorNote } from '../ui/error-note';
import { Sheet } from '../ui/sheet';
import { asApiError, useAction } from '../ui/use-action';
import { type Erasure, ErasureProgress, YourData } from './your-data';

/** GET /privacy/me, as the shell reads it. */
interface ReportMiniApp {
  slug: string | null;
  name: string | null;
  grants: Array<{ scope: string; state: 'granted' | 'denied'; purpose: string; decidedAt: string }>;
  history: Array<{ scope: string; action: string; purpose: string | null; at: string }>;
  accesses: Array<{ scope: string; at: string; deletedBy: string }>;
  accessCount: number;
  domains: Array<{ domain: string; count: number; lastAt: string; deletedBy: string }>;
  launches: { count: number; lastAt: string; deletedBy: string } | null;
  payments: Array<{
    orderId: string;
    amount: number;
    refundedAmount: number;
    currency: string;
    state: string;
    at: string;
  }>;
}
interface Report {
  miniApps: ReportMiniApp[];
  retention: Array<{ records: string; retention: string }>;
}

const RECORDS: Record<string, string> = {
  grants: 'Permissions in force',
  'grant-history': 'Your past decisions',
  accesses: 'Data accessed',
  domains: 'Network activity',
  launches: 'Launches',
  payments: 'Payments',
};
const ACTIONS: Record<string, string> = {
  granted: 'Allowed',
  denied: 'Not allowed',
  withdrawn: 'Withdrawn',
  expired: 'Lapsed (the purpose changed)',
};
/** Accesses shown per mini-app before "and N more". */
const SHOWN = 10;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
/** The record of processing names the setting behind a number: the person needs the number only. */
const inWords = (retention: string) => retention.replace(/ \([A-Z0-9_]+\)$/, '');
const titleOf = (app: ReportMiniApp) => app.name ?? app.slug ?? 'A mini-app';

/**
 * The person's privacy report, in the spirit of Apple's App Privacy Report: per mini-app, what it
 * may use and did use, where it sent requests, launches and payments, and when each record goes.
 * A grant can be withdrawn here, and a mini-app forgotten (after a confirmation).
 */
export function PrivacyView() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [forgetting, setForgetting] = useState<ReportMiniApp | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [erasure, setErasure] = useState<Erasure | null>(null);

  useEffect(() => {
    api<Report>('/privacy/me')
      .then(setReport)
      .catch((caught) => setError(asApiError(caught)));
  }, []);

  /** The report is built from events: what the person just did is shown at once, not when it arrives. */
  const change = (slug: string | null, update: (app: ReportMiniApp) => ReportMiniApp | null) =>
    setReport(
      (current) =>
        current && {
          ...current,
          miniApps: current.miniApps.flatMap((app) => (app.slug === slug ? (update(app) ?? []) : [app])),
        },
    );

  const withdraw = async (app: ReportMiniApp, scope: string) => {
    setError(null);
    try {
      await api(`/runtime/mini-apps/${app.slug}/grants/${encodeURIComponent(scope)}`, { method: 'DELETE' });
      change(app.slug, (a) => ({
        ...a,
        grants: a.grants.filter((g) => g.scope !== scope),
        history: [{ scope, action: 'withdrawn', purpose: null, at: new Date().toISOString() }, ...a.history],
      }));
      setNotice(`${scopeLabel(scope)}: withdrawn from ${titleOf(app)}.`);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };

  if (erasure) return <ErasureProgress first={erasure} />;
  if (!report) return error ? <ErrorNote error={error} /> : <p aria-busy="true">Loading your privacy report…</p>;
  return (
    <section aria-labelledby="privacy-title" class="privacy">
      <h1 id="privacy-title">Privacy report</h1>
      <p class="quiet">
        What each mini-app may use, what it used, where it sent requests for you, and when each record is deleted.
      </p>
      {/* Present from the start, so that screen readers announce the text when it comes. */}
      <p role="status" class={notice ? 'notice' : undefined}>
        {notice}
      </p>
      {error && <ErrorNote error={error} />}
      {report.miniApps.length === 0 ? (
        <p>No mini-app has anything of yours yet.</p>
      ) : (
        report.miniApps.map((app, index) => (
          <MiniAppReport
            key={app.slug ?? `unnamed-${index}`}
            headingId={`privacy-app-${index}`}
            app={app}
            onWithdraw={withdraw}
            onForget={() => setForgetting(app)}
          />
        ))
      )}
      <h2>How long records are kept</h2>
      <ul class="rows retention">
        {report.retention.map((r) => (
          <li key={r.records}>
            <span>
              <strong>{RECORDS[r.records] ?? r.records}</strong>: {inWords(r.retention)}
            </span>
          </li>
        ))}
      </ul>
      <YourData onErasureAccepted={setErasure} />
      {forgetting && (
        <ForgetSheet
          app={forgetting}
          onClose={() => setForgetting(null)}
          onForgotten={() => {
            change(forgetting.slug, () => null);
            setNotice(`${titleOf(forgetting)} was forgotten: its storage, permissions and your id in it are gone.`);
            setForgetting(null);
          }}
        />
      )}
    </section>
  );
}

function MiniAppReport({
  headingId,
  app,
  onWithdraw,
  onForget,
}: {
  headingId: string;
  app: ReportMiniApp;
  onWithdraw: (app: ReportMiniApp, scope: string) => Promise<void>;
  onForget: () => void;
}) {
  const title = titleOf(app);
  return (
    <article class="card report" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} {app.slug && <span class="quiet">({app.slug})</span>}
      </h2>
      <h3>Permissions</h3>
      {app.grants.length === 0 ? (
        <p class="quiet">None in force.</p>
      ) : (
        <ul class="rows">
          {app.grants.map((g) => (
            <li key={g.scope}>
              <span>
                <strong>{scopeLabel(g.scope)}</strong>: {g.state === 'granted' ? 'allowed' : 'not allowed'} since{' '}
                {day(g.decidedAt)}
                <br />
                <span class="purpose">“{g.purpose}”</span>
              </span>
              {app.slug && (
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Withdraw ${scopeLabel(g.scope)} from ${title}`}
                  onClick={() => void onWithdraw(app, g.scope)}
                >
                  Withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>Data accessed</h3>
      {app.accesses.length === 0 ? (
        <p class="quiet">Nothing of yours was handed to it.</p>
      ) : (
        <ul class="rows">
          {app.accesses.slice(0, SHOWN).map((a) => (
            <li key={a.at + a.scope}>
              {scopeLabel(a.scope)} · {when(a.at)}
            </li>
          ))}
          {app.accessCount > SHOWN && <li class="quiet">and {app.accessCount - SHOWN} more</li>}
        </ul>
      )}
      <h3>Network activity</h3>
      {app.domains.length === 0 ? (
        <p class="quiet">It reached no website for you.</p>
      ) : (
        <ul class="rows">
          {app.domains.map((d) => (
            <li key={d.domain}>
              <span>
                <strong>{d.domain}</strong> · {d.count} {d.count === 1 ? 'request' : 'requests'}, last {when(d.lastAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>Launches</h3>
      <p>
        {app.launches
          ? `Opened ${app.launches.count} ${app.launches.count === 1 ? 'time' : 'times'}, last ${when(app.launches.lastAt)}; deleted by ${day(app.launches.deletedBy)}.`
          : 'Not opened lately.'}
      </p>
      {app.payments.length > 0 && (
        <>
          <h3>Payments</h3>
          <ul class="rows">
            {app.payments.map((p) => (
              <li key={p.orderId}>
                {formatMoney(p.amount, p.currency)} · {p.state}
                {p.refundedAmount > 0 && ` (${formatMoney(p.refundedAmount, p.currency)} refunded)`} · {when(p.at)}
              </li>
            ))}
          </ul>
        </>
      )}
      {app.history.length > 0 && (
        <details>
          <summary>Your decisions ({app.history.length})</summary>
          <ul class="rows">
            {app.history.map((h) => (
              <li key={h.at + h.scope + h.action}>
                {scopeLabel(h.scope)}: {ACTIONS[h.action] ?? h.action} · {when(h.at)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {app.slug && (
        <div class="actions">
          <a href={href({ name: 'settings', slug: app.slug })}>Permissions</a>
          <button type="button" class="danger" onClick={onForget}>
            Forget this mini-app
          </button>
        </div>
      )}
    </article>
  );
}

function ForgetSheet({
  app,
  onClose,
  onForgotten,
}: {
  app: ReportMiniApp;
  onClose: () => void;
  onForgotten: () => void;
}) {
  const { busy, error, run } = useAction();
  const forget = async () => {
    const done = await run(() => api(`/runtime/me/mini-apps/${app.slug}`, { method: 'DELETE' }).then(() => true));
    if (done) onForgotten();
  };
  return (
    <Sheet title={`Forget ${titleOf(app)}?`} onClose={onClose} busy={busy}>
      <p>
        Its storage, your permissions and your id in it are deleted, and it is told to delete what it keeps of you.
        Opening it again starts afresh, as someone it has never seen.
      </p>
      {error && <ErrorNote error={error} />}
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void forget()}>
          Forget
        </button>
      </div>
    </Sheet>
  );
}
