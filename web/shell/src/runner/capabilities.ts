import { api, ApiError } from '../api';
import type { ScopeState } from '../scopes';
import { BridgeFailure, type Handlers } from './bridge-host';
import type { Launch } from './launch';
import { type Checkout, PAID_STATES, type PaymentOutcome } from '../checkout';
import {
  addCard,
  idempotentAttempts,
  type Movement,
  type MovementOutcome,
  postMovement,
  type TopUpOffer,
  type TransferOffer,
  walletReads,
} from './wallet';

/** What only the page can do for the handlers: ask the person, and read the device. */
export interface ShellUi {
  askConsent(scope: ScopeState, detail?: string): Promise<boolean>;
  pickImage(camera: boolean): Promise<{ dataUrl: string; type: string; size: number } | null>;
  pickContact(contacts: Array<{ userId: string; displayName: string }>): Promise<string | null>;
  /**
   * The person confirms (the wallet's answer) or cancels (null) a top-up, in a sheet the frame cannot draw over;
   * 'unclear' when they closed it after the wallet gave no clear answer.
   */
  confirmTopUp(offer: TopUpOffer): Promise<MovementOutcome>;
  /** The same for a transfer to the person the mini-app named. */
  confirmTransfer(offer: TransferOffer): Promise<MovementOutcome>;
  /** Resolves once the person closes the settings (which update the shared ScopeBook). */
  openSettings(): Promise<ScopeState[]>;
  position(precise: boolean): Promise<GeolocationPosition>;
  /** The mini-app says it is usable: the shell times the launch up to now. */
  usable(): void;
  /** The payment sheet: the outcome once paid (or failed), the platform's refusal, or null when the person closed it. */
  confirmPayment(checkout: Checkout): Promise<PaymentOutcome | ApiError | null>;
}

/** The person's decisions as the shell last saw them, shared with the settings sheet (the runtime has the final word). */
export type ScopeBook = Map<string, ScopeState>;

export const scopeBook = (scopes: ScopeState[]): ScopeBook => new Map(scopes.map((s) => [s.scope, s]));

/** About a kilometre: what "coarse" means for a position the user has not allowed to be precise. */
const COARSE_DEGREES = 0.01;
const coarse = (value: number) => Math.round(value / COARSE_DEGREES) * COARSE_DEGREES;

const alreadyPaid = () => new BridgeFailure('ALREADY_PAID', 'the order is paid already');
const orderExpired = () =>
  new BridgeFailure('ORDER_EXPIRED', 'the order expired before it was paid; your backend may create a new one');

/** The movement a money sheet ended with, or why there is none as the mini-app hears it. */
function movementOf(outcome: MovementOutcome, what: string): Movement {
  // No answer said whether the money moved: the mini-app must not hear "cancelled" (and offer the person to try again).
  if (outcome === 'unclear')
    throw new BridgeFailure('UNAVAILABLE', `could not tell whether the ${what} went through; read the statement`);
  if (!outcome) throw new BridgeFailure('USER_CANCELLED', `the user did not confirm the ${what}`);
  return outcome;
}

/** Maps the platform's refusals onto the bridge's codes; a mini-app never sees a platform problem as such. */
function bridgeFailureOf(error: unknown): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  if (!(error instanceof ApiError)) return new BridgeFailure('UNAVAILABLE', 'the platform could not complete the call');
  if (error.status === 429) return new BridgeFailure('RATE_LIMITED', error.message);
  if (error.problem.type?.endsWith('/order-already-paid')) return alreadyPaid();
  if (error.problem.type?.endsWith('/order-expired')) return orderExpired();
  if (error.status === 404) return new BridgeFailure('NOT_FOUND', error.message);
  if (error.status === 403) return new BridgeFailure('PERMISSION_DENIED', error.message);
  if (error.status >= 400 && error.status < 500) return new BridgeFailure('INVALID_PARAMS', error.message);
  return new BridgeFailure('UNAVAILABLE', error.message);
}

/**
 * Every SDK call, brokered: a scoped call asks the person when the scope was never decided, is
 * refused for a denial (which stands until changed in settings) or an undeclared scope, and is
 * recorded by the runtime (`/access`) before anything of the person's reaches the frame.
 */
export function createHandlers(launch: Launch, ui: ShellUi, states: ScopeBook): Handlers {
  const base = `/runtime/launches/${launch.launchId}`;
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw bridgeFailureOf(error);
    }
  };
  const call = <T>(path: string, options?: Parameters<typeof api>[1]): Promise<T> =>
    guarded(() => api<T>(path, options));

  const questions = new Map<string, Promise<boolean>>();
  async function ask(state: ScopeState, detail?: string): Promise<boolean> {
    const granted = await ui.askConsent(state, detail);
    const decided = await call<ScopeState>(
      `/runtime/mini-apps/${launch.miniApp.slug}/grants/${encodeURIComponent(state.scope)}`,
      { method: 'PUT', body: { decision: granted ? 'granted' : 'denied' } },
    );
    states.set(state.scope, { ...state, ...decided });
    return granted;
  }

  /**
   * `recordUse: false` where the runtime records the use itself when it hands something over
   * (the profile; contacts, where only the person picked is a use, not opening the picker).
   */
  async function ensureScope(scope: string, detail?: string, { recordUse = true } = {}): Promise<void> {
    const state = states.get(scope);
    if (!state) throw new BridgeFailure('NOT_DECLARED', `the manifest does not declare the scope ${scope}`);
    if (state.state === 'denied')
      throw new BridgeFailure(
        'PERMISSION_DENIED',
        `the user has not allowed ${scope}; superapp.openSetting() lets them change that`,
      );
    if (state.state === 'not-asked') {
      // Calls that arrive together for an undecided scope (a page reading balance and statement at once) share one question.
      let asking = questions.get(scope);
      if (!asking) {
        asking = ask(state, detail).finally(() => questions.delete(scope));
        questions.set(scope, asking);
      }
      if (!(await asking)) throw new BridgeFailure('PERMISSION_DENIED', `the user did not allow ${scope}`);
    }
    if (!recordUse) return;
    const access = await call<{ allowed: boolean; state: string }>(`${base}/access`, { body: { scope } });
    if (!access.allowed) {
      if (access.state !== 'not-declared') states.set(scope, { ...state, state: access.state as ScopeState['state'] });
      throw new BridgeFailure(
        access.state === 'not-declared' ? 'NOT_DECLARED' : 'PERMISSION_DENIED',
        `the user has not allowed ${scope}`,
      );
    }
  }

  const settings = () => ({
    authSetting: Object.fromEntries(
      [...states.values()].filter((s) => s.state !== 'not-asked').map((s) => [s.scope, s.state]),
    ),
  });

  const image = (camera: boolean) => async () => {
    await ensureScope('camera');
    const picked = await ui.pickImage(camera);
    if (!picked) throw new BridgeFailure('USER_CANCELLED', 'the user picked no image');
    return picked;
  };

  return {
    getLaunchData: async () => ({ launchData: launch.launchData }),
    login: () => call(`${base}/login-code`, { method: 'POST' }),
    getUserProfile: async () => {
      await ensureScope('user.profile', undefined, { recordUse: false });
      return call(`${base}/profile`);
    },
    getLocation: async (params?: { precise?: boolean }) => {
      const precise = params?.precise === true;
      await ensureScope(
        'location',
        precise ? 'your precise location' : 'your approximate location (about a kilometre)',
      );
      let position: GeolocationPosition;
      try {
        position = await ui.position(precise);
      } catch (error) {
        const code = (error as GeolocationPositionError).code;
        throw new BridgeFailure(
          code === 1 ? 'PERMISSION_DENIED' : 'UNAVAILABLE',
          code === 1 ? 'the browser did not allow the location' : 'the location is not available',
        );
      }
      const { latitude, longitude, accuracy } = position.coords;
      return precise
        ? { latitude, longitude, accuracy, precise: true }
        : {
            latitude: coarse(latitude),
            longitude: coarse(longitude),
            accuracy: Math.max(accuracy, 1000),
            precise: false,
          };
    },
    chooseImage: image(false),
    openCamera: image(true),
    chooseContact: async () => {
      await ensureScope('contacts', undefined, { recordUse: false });
      const { items } = await call<{ items: Array<{ userId: string; displayName: string }> }>(`${base}/contacts`);
      const picked = await ui.pickContact(items);
      if (!picked) throw new BridgeFailure('USER_CANCELLED', 'the user picked no contact');
      return call(`${base}/contacts`, { body: { userId: picked } });
    },
    requestPayment: async ({ orderId }: { orderId: string }) => {
      await ensureScope('payments');
      const checkout = await call<Checkout>(
        `/payments/orders/${encodeURIComponent(orderId)}/checkout?launchId=${launch.launchId}`,
      );
      // Nothing for the person to confirm: the mini-app hears why at once, without a sheet.
      if (PAID_STATES.has(checkout.state)) throw alreadyPaid();
      if (checkout.state === 'expired') throw orderExpired();
      const outcome = await ui.confirmPayment(checkout);
      if (outcome === null) throw new BridgeFailure('USER_CANCELLED', 'the user closed the payment sheet');
      if (outcome instanceof ApiError) throw bridgeFailureOf(outcome);
      return { orderId: outcome.orderId, status: outcome.state, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    },
    request: (params: { method?: string }) => call(`${base}/requests`, { body: { method: 'GET', ...params } }),
    'storage.get': async ({ key }: { key: string }) => {
      try {
        return (await api<{ value: unknown }>(`${base}/storage/${encodeURIComponent(key)}`)).value;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.problem.type?.endsWith('/storage-key-not-found'))
          return null;
        throw bridgeFailureOf(error);
      }
    },
    'storage.set': async ({ key, value }: { key: string; value: unknown }) => {
      await call(`${base}/storage/${encodeURIComponent(key)}`, { method: 'PUT', body: { value } });
    },
    'storage.remove': async ({ key }: { key: string }) => {
      await call(`${base}/storage/${encodeURIComponent(key)}`, { method: 'DELETE' });
    },
    getSetting: async () => settings(),
    openSetting: async () => {
      await ui.openSettings();
      return settings();
    },
    reportLoadTime: async () => {
      ui.usable();
    },
    'wallet.getBalances': async () => {
      await ensureScope('wallet.read');
      return guarded(() => walletReads.balances());
    },
    'wallet.getStatement': async (params?: { cursor?: string }) => {
      await ensureScope('wallet.read');
      return guarded(() => walletReads.statement(params?.cursor));
    },
    // Money moves only from the shell's own sheet, with the person's session: the frame names the
    // amount (and the recipient by its own id for them), never a card, an account or a user id.
    requestTopUp: async ({ amount, currency }: { amount: number; currency: string }) => {
      await ensureScope('wallet.transfer');
      const cards = await guarded(() => walletReads.cards());
      const attempt = idempotentAttempts();
      const submit = (instrumentId: string) =>
        attempt(instrumentId, (key) => postMovement('/wallet/top-ups', { instrumentId, amount, currency }, key));
      const done = movementOf(await ui.confirmTopUp({ money: { amount, currency }, cards, addCard, submit }), 'top-up');
      return { topUpId: done.id, status: 'completed' };
    },
    requestTransfer: async ({
      to,
      amount,
      currency,
      note,
    }: {
      to: string;
      amount: number;
      currency: string;
      note?: string;
    }) => {
      await ensureScope('wallet.transfer');
      const recipient = await call<{ userId: string; displayName: string }>(`${base}/recipients`, {
        body: { openid: to },
      });
      const balance = await walletReads.balanceIn(currency).catch(() => null);
      const attempt = idempotentAttempts();
      const body = { toUserId: recipient.userId, amount, currency, ...(note ? { note } : {}) };
      const submit = () => attempt('transfer', (key) => postMovement('/wallet/transfers', body, key));
      const answer = await ui.confirmTransfer({
        money: { amount, currency },
        note,
        recipient: { displayName: recipient.displayName },
        balance,
        submit,
      });
      const done = movementOf(answer, 'transfer');
      return { transferId: done.id, status: 'completed' };
    },
  };
}
