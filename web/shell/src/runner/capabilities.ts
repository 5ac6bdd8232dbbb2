import { api, ApiError } from '../api';
import type { ScopeState } from '../scopes';
import { BridgeFailure, type Handlers } from './bridge-host';
import type { Launch } from './launch';
import type { Checkout, PaymentOutcome } from '../views/payment-sheet';

/** What only the page can do for the handlers: ask the person, and read the device. */
export interface ShellUi {
  askConsent(scope: ScopeState, detail?: string): Promise<boolean>;
  pickImage(camera: boolean): Promise<{ dataUrl: string; type: string; size: number } | null>;
  pickContact(contacts: Array<{ userId: string; displayName: string }>): Promise<string | null>;
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

/** Maps the platform's refusals onto the bridge's codes; a mini-app never sees a platform problem as such. */
function bridgeFailureOf(error: unknown): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  if (!(error instanceof ApiError)) return new BridgeFailure('UNAVAILABLE', 'the platform could not complete the call');
  if (error.status === 429) return new BridgeFailure('RATE_LIMITED', error.message);
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
  const call = async <T>(path: string, options?: Parameters<typeof api>[1]): Promise<T> => {
    try {
      return await api<T>(path, options);
    } catch (error) {
      throw bridgeFailureOf(error);
    }
  };

  /**
   * `recordUse: false` where the runtime records the use itself when it hands something over
   * (the profile; contacts, where only the person picked is a use, not opening the picker).
   */
  async function ensureScope(scope: string, detail?: string, { recordUse = true } = {}): Promise<void> {
    const state = states.get(scope);
    if (!state) throw new BridgeFailure('NOT_DECLARED', `the manifest does not declare the scope ${scope}`);
    if (state.state === 'denied') throw new BridgeFailure('PERMISSION_DENIED', `the user has not allowed ${scope}; superapp.openSetting() lets them change that`);
    if (state.state === 'not-asked') {
      const granted = await ui.askConsent(state, detail);
      const decided = await call<ScopeState>(`/runtime/mini-apps/${launch.miniApp.slug}/grants/${encodeURIComponent(scope)}`, { method: 'PUT', body: { decision: granted ? 'granted' : 'denied' } });
      states.set(scope, { ...state, ...decided });
      if (!granted) throw new BridgeFailure('PERMISSION_DENIED', `the user did not allow ${scope}`);
    }
    if (!recordUse) return;
    const access = await call<{ allowed: boolean; state: string }>(`${base}/access`, { body: { scope } });
    if (!access.allowed) {
      if (access.state !== 'not-declared') states.set(scope, { ...state, state: access.state as ScopeState['state'] });
      throw new BridgeFailure(access.state === 'not-declared' ? 'NOT_DECLARED' : 'PERMISSION_DENIED', `the user has not allowed ${scope}`);
    }
  }

  const settings = () => ({ authSetting: Object.fromEntries([...states.values()].filter((s) => s.state !== 'not-asked').map((s) => [s.scope, s.state])) });

  const image = (camera: boolean) => async () => {
    await ensureScope('camera');
    const picked = await ui.pickImage(camera);
    if (!picked) throw new BridgeFailure('USER_CANCELLED', 'the user picked no image');
    return picked;
  };

  const placeholder = (what: string) => async () => {
    throw new BridgeFailure('UNAVAILABLE', `${what} is not available in this version of the shell`);
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
      await ensureScope('location', precise ? 'your precise location' : 'your approximate location (about a kilometre)');
      let position: GeolocationPosition;
      try {
        position = await ui.position(precise);
      } catch (error) {
        const code = (error as GeolocationPositionError).code;
        throw new BridgeFailure(code === 1 ? 'PERMISSION_DENIED' : 'UNAVAILABLE', code === 1 ? 'the browser did not allow the location' : 'the location is not available');
      }
      const { latitude, longitude, accuracy } = position.coords;
      return precise
        ? { latitude, longitude, accuracy, precise: true }
        : { latitude: coarse(latitude), longitude: coarse(longitude), accuracy: Math.max(accuracy, 1000), precise: false };
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
      const checkout = await call<Checkout>(`/payments/orders/${encodeURIComponent(orderId)}/checkout?launchId=${launch.launchId}`);
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
        if (error instanceof ApiError && error.status === 404 && error.problem.type?.endsWith('/storage-key-not-found')) return null;
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
      return placeholder('The wallet')();
    },
    'wallet.getStatement': async () => {
      await ensureScope('wallet.read');
      return placeholder('The wallet')();
    },
    requestTransfer: async () => {
      await ensureScope('wallet.transfer');
      return placeholder('Transfers')();
    },
    requestTopUp: async () => {
      await ensureScope('wallet.transfer');
      return placeholder('Top-ups')();
    },
  };
}
