import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { BridgeFailure, BridgeHost } from '../runner/bridge-host';
import { createHandlers, scopeBook, type ScopeBook, type ShellUi } from '../runner/capabilities';
import type { Launch } from '../runner/launch';
import { href, navigate } from '../router';
import { scopeLabel, type ScopeState } from '../scopes';
import { ErrorNote } from '../ui/error-note';
import { Sheet, SheetBusy } from '../ui/sheet';
import { LoadTime } from '../runner/load-time';
import type { Checkout, PaymentOutcome } from '../checkout';
import { PaymentSheet } from './payment-sheet';
import type { MovementOutcome, TopUpOffer, TransferOffer } from '../runner/wallet';
import { TopUpSheet, TransferSheet } from './money-sheets';
import { PermissionSettings } from './settings';

/** Features a frame could ask the browser for: none is delegated; the shell brokers them. */
const FRAME_ALLOW = [
  'geolocation',
  'camera',
  'microphone',
  'clipboard-read',
  'clipboard-write',
  'payment',
  'usb',
  'serial',
  'hid',
  'display-capture',
  'fullscreen',
  'publickey-credentials-get',
  'screen-wake-lock',
  'xr-spatial-tracking',
  'midi',
  'accelerometer',
  'gyroscope',
  'magnetometer',
]
  .map((feature) => `${feature} 'none'`)
  .join('; ');

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

type OpenSheet =
  | { kind: 'consent'; scope: ScopeState; detail?: string; resolve: (granted: boolean) => void }
  | { kind: 'image'; camera: boolean; resolve: (image: { dataUrl: string; type: string; size: number } | null) => void }
  | {
      kind: 'contact';
      contacts: Array<{ userId: string; displayName: string }>;
      resolve: (userId: string | null) => void;
    }
  | { kind: 'top-up'; offer: TopUpOffer; resolve: (outcome: MovementOutcome) => void }
  | { kind: 'transfer'; offer: TransferOffer; resolve: (outcome: MovementOutcome) => void }
  | { kind: 'settings'; resolve: (scopes: ScopeState[]) => void }
  | { kind: 'payment'; checkout: Checkout; resolve: (outcome: PaymentOutcome | ApiError | null) => void }
  | { kind: 'menu' };

/** The sheet on show, numbered: a new request is a new sheet, whose state nothing of an earlier one carries into. */
type SheetState = (OpenSheet & { serial: number }) | { kind: 'closed'; reason: string };

/**
 * A running mini-app: the shell's header (name, permissions, close) above a sandboxed frame on the
 * mini-app origin. The frame gets scripts and nothing else (no same-origin, no top navigation,
 * popups, forms or modals, no browser feature); everything else goes through the bridge.
 */
export function MiniAppView({ slug }: { slug: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [launch, setLaunch] = useState<Launch | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sheet, setSheet] = useState<SheetState | null>(null);
  // What is on show now, for the bridge's handlers (which outlive a render): a sheet is never swapped for another.
  const showing = useRef<SheetState | null>(null);
  const serial = useRef(0);
  const show = (next: OpenSheet | { kind: 'closed'; reason: string } | null) => {
    showing.current = next && next.kind !== 'closed' ? { ...next, serial: ++serial.current } : next;
    setSheet(showing.current);
  };
  // Why the frame was torn down, once it left its page: the notice takes its place when no sheet waits on money.
  const left = useRef<string | null>(null);
  const sheetBusy = useRef(false);
  const closeIfLeft = () => left.current && show({ kind: 'closed', reason: left.current });
  const [loadMs, setLoadMs] = useState<number | null>(null);
  const host = useRef<BridgeHost | null>(null);
  const startedAt = useRef(performance.now());
  const book = useRef<ScopeBook>(new Map());

  useEffect(() => {
    let cancelled = false;
    startedAt.current = performance.now();
    api<Launch>('/runtime/launches', { body: { slug } })
      .then((l) => !cancelled && setLaunch(l))
      .catch((e: ApiError) => !cancelled && setError(e));
    return () => {
      cancelled = true;
      host.current?.close();
    };
  }, [slug]);

  useEffect(() => {
    if (!launch || !frame.current) return;
    book.current = scopeBook(launch.scopes);
    const loadTime = new LoadTime(startedAt.current, (ms) => {
      setLoadMs(ms);
      void api(`/runtime/launches/${launch.launchId}/load-time`, { body: { ms } }).catch(() => undefined);
    });
    // The frame asks for a sheet; while one is open (its own or the person's settings), it is told BUSY instead.
    const open = <T,>(sheetFor: (resolve: (answer: T) => void) => OpenSheet): Promise<T> =>
      new Promise((resolve, reject) => {
        if (showing.current)
          return reject(new BridgeFailure('BUSY', 'another sheet is open; ask again once the person has closed it'));
        show(sheetFor(resolve));
      });
    const ui: ShellUi = {
      askConsent: (scope, detail) => open((resolve) => ({ kind: 'consent', scope, detail, resolve })),
      pickImage: (camera) => open((resolve) => ({ kind: 'image', camera, resolve })),
      pickContact: (contacts) => open((resolve) => ({ kind: 'contact', contacts, resolve })),
      confirmTopUp: (offer) => open((resolve) => ({ kind: 'top-up', offer, resolve })),
      confirmTransfer: (offer) => open((resolve) => ({ kind: 'transfer', offer, resolve })),
      openSettings: () => open((resolve) => ({ kind: 'settings', resolve })),
      confirmPayment: (checkout) => open((resolve) => ({ kind: 'payment', checkout, resolve })),
      position: (precise) =>
        new Promise((resolve, reject) =>
          navigator.geolocation.getCurrentPosition(resolve, reject, {
            enableHighAccuracy: precise,
            timeout: 10_000,
            maximumAge: precise ? 0 : 600_000,
          }),
        ),
      usable: () => loadTime.usable(performance.now()),
    };
    const bridge = new BridgeHost(createHandlers(launch, ui, book.current));
    host.current = bridge;
    let loads = 0;
    const element = frame.current;
    const onLoad = () => {
      loads++;
      if (loads === 1) {
        bridge.connect(element);
        loadTime.pageLoaded(performance.now());
        return;
      }
      // A second load is the frame navigating itself away from its bundle: it is torn down.
      bridge.close();
      left.current = `${launch.miniApp.name} tried to leave its page and was closed.`;
      if (!sheetBusy.current) closeIfLeft();
    };
    element.addEventListener('load', onLoad);
    element.src = launch.frameUrl;
    return () => {
      element.removeEventListener('load', onLoad);
      loadTime.dispose();
      bridge.close();
    };
  }, [launch]);

  const close = () => navigate({ name: 'discover' });
  // Only the sheet on show closes itself: one that was taken down before its request came back closes nothing.
  const finish = (done: number) => {
    if (showing.current?.kind === 'closed' || showing.current?.serial !== done) return;
    show(null);
    closeIfLeft();
  };
  const onSheetBusy = (busy: boolean) => {
    sheetBusy.current = busy;
    if (!busy && showing.current?.kind !== 'closed') closeIfLeft();
  };

  if (error) {
    return (
      <main id="main">
        <h1>{slug} cannot open</h1>
        <ErrorNote error={error} />
        <a href={href({ name: 'discover' })}>Back to Discover</a>
      </main>
    );
  }

  return (
    <div class="runner">
      <header class="runner-bar">
        <button type="button" class="icon" onClick={close} aria-label="Close the mini-app">
          ✕
        </button>
        <h1>{launch?.miniApp.name ?? slug}</h1>
        {loadMs !== null && (
          <span class="quiet" title="Time to load">
            {loadMs} ms
          </span>
        )}
        <button
          type="button"
          class="icon"
          aria-haspopup="dialog"
          aria-label="Permissions and settings"
          onClick={() => !showing.current && show({ kind: 'menu' })}
        >
          ⋯
        </button>
      </header>
      {sheet?.kind === 'closed' ? (
        <main id="main" class="narrow">
          <p role="alert">{sheet.reason}</p>
          <a href={href({ name: 'discover' })}>Back to Discover</a>
        </main>
      ) : launch ? (
        <iframe
          ref={frame}
          class="mini-app"
          title={launch.miniApp.name}
          sandbox="allow-scripts"
          allow={FRAME_ALLOW}
          referrerpolicy="no-referrer"
          {...{ credentialless: true }}
        />
      ) : (
        <p aria-busy="true" class="narrow">
          Opening {slug}…
        </p>
      )}
      {launch && sheet && sheet.kind !== 'closed' && (
        <SheetBusy.Provider value={onSheetBusy}>
          <SheetFor
            key={sheet.serial}
            sheet={sheet}
            launch={launch}
            onDone={() => finish(sheet.serial)}
            book={book.current}
          />
        </SheetBusy.Provider>
      )}
    </div>
  );
}

function SheetFor({
  sheet,
  launch,
  book,
  onDone,
}: {
  sheet: OpenSheet;
  launch: Launch;
  book: ScopeBook;
  onDone: () => void;
}) {
  const pending = useRef(new Set<Promise<void>>());
  const [closing, setClosing] = useState(false);
  const name = launch.miniApp.name;
  switch (sheet.kind) {
    case 'consent': {
      const answer = (granted: boolean) => (sheet.resolve(granted), onDone());
      return (
        <Sheet
          title={`Allow ${name} to use ${scopeLabel(sheet.scope.scope).toLowerCase()}?`}
          onClose={() => answer(false)}
        >
          {sheet.detail && <p>It asks for {sheet.detail}.</p>}
          <p>
            {name} says why: <q class="purpose">{sheet.scope.purpose}</q>
          </p>
          <p class="quiet">You can change this at any time in the mini-app's settings.</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => answer(false)}>
              Don't allow
            </button>
            <button type="button" onClick={() => answer(true)}>
              Allow
            </button>
          </div>
        </Sheet>
      );
    }
    case 'image': {
      const cancel = () => (sheet.resolve(null), onDone());
      const picked = (event: Event) => {
        const file = (event.currentTarget as HTMLInputElement).files?.[0];
        if (!file || !file.type.startsWith('image/') || file.size > MAX_IMAGE_BYTES) return cancel();
        const reader = new FileReader();
        reader.onload = () => (
          sheet.resolve({
            dataUrl: typeof reader.result === 'string' ? reader.result : '',
            type: file.type,
            size: file.size,
          }),
          onDone()
        );
        reader.onerror = cancel;
        reader.readAsDataURL(file);
      };
      return (
        <Sheet title={sheet.camera ? `Take a photo for ${name}` : `Pick an image for ${name}`} onClose={cancel}>
          <label>
            Image (at most 5 MB)
            <input
              type="file"
              accept="image/*"
              {...(sheet.camera ? { capture: 'environment' } : {})}
              onChange={picked}
            />
          </label>
          <div class="actions">
            <button type="button" class="secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </Sheet>
      );
    }
    case 'contact': {
      const choose = (userId: string | null) => (sheet.resolve(userId), onDone());
      return (
        <Sheet title={`Share a contact with ${name}`} onClose={() => choose(null)}>
          {sheet.contacts.length === 0 ? (
            <p>You have no contacts yet: people you pay or who pay you appear here.</p>
          ) : (
            <ul class="choices">
              {sheet.contacts.map((c) => (
                <li key={c.userId}>
                  <button type="button" class="secondary" onClick={() => choose(c.userId)}>
                    {c.displayName}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p class="quiet">{name} gets only the name and an id of its own for the person you pick.</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => choose(null)}>
              Cancel
            </button>
          </div>
        </Sheet>
      );
    }
    case 'payment':
      return (
        <PaymentSheet
          checkout={sheet.checkout}
          launchId={launch.launchId}
          onDone={(outcome) => (sheet.resolve(outcome), onDone())}
        />
      );
    case 'top-up':
      return <TopUpSheet app={name} offer={sheet.offer} onFinish={(movement) => (sheet.resolve(movement), onDone())} />;
    case 'transfer':
      return (
        <TransferSheet app={name} offer={sheet.offer} onFinish={(movement) => (sheet.resolve(movement), onDone())} />
      );
    case 'settings':
    case 'menu': {
      const done = async () => {
        setClosing(true);
        await Promise.allSettled([...pending.current]);
        if (sheet.kind === 'settings') sheet.resolve([...book.values()]);
        onDone();
      };
      return (
        <Sheet title={`${name}: permissions`} onClose={done}>
          <PermissionSettings
            slug={launch.miniApp.slug}
            onChange={(scopes) => scopes.forEach((s) => book.set(s.scope, s))}
            onPending={(decision) => void pending.current.add(decision)}
          />
          <div class="actions">
            <button type="button" onClick={done} disabled={closing} aria-busy={closing}>
              Done
            </button>
          </div>
        </Sheet>
      );
    }
  }
}
