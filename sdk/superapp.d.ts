/**
 * The super-app SDK, version 1: the only way a mini-app reaches the user, the device and the network.
 *
 * The platform loads it before any script of your mini-app, as `window.superapp`. Every call
 * returns a Promise; a refused call rejects with a {@link SuperappError} whose `code` says why.
 * Calls that need a scope fail with `PERMISSION_DENIED` unless your manifest declares the scope
 * (with a purpose) and the user has granted it; the platform asks the user the first time.
 */
declare namespace Superapp {
  type ErrorCode =
    | 'PERMISSION_DENIED'
    | 'USER_CANCELLED'
    | 'INVALID_PARAMS'
    | 'NOT_DECLARED'
    | 'RATE_LIMITED'
    | 'UNAVAILABLE'
    | 'NOT_FOUND'
    | 'BUSY'
    | 'ALREADY_PAID'
    | 'ORDER_EXPIRED';

  type Scope = 'user.profile' | 'location' | 'camera' | 'contacts' | 'payments' | 'wallet.read' | 'wallet.transfer';

  /** `granted`, `denied`, or absent when the user was never asked. */
  type Settings = { authSetting: Partial<Record<Scope, 'granted' | 'denied'>> };

  interface SuperappError extends Error {
    readonly name: 'SuperappError';
    readonly code: ErrorCode;
  }

  /** Money in minor units of an ISO 4217 currency: `{ amount: 1250, currency: 'EUR' }` is €12.50. */
  interface Money {
    amount: number;
    currency: string;
  }

  interface Location {
    latitude: number;
    longitude: number;
    /** Metres. Coarse positions are rounded to about a kilometre unless `precise` was asked and granted. */
    accuracy: number;
    precise: boolean;
  }

  interface Image {
    /** A `data:` URL of the picked image (your frame may show it; it has no network of its own). */
    dataUrl: string;
    type: string;
    size: number;
  }

  interface Contact {
    /** Your mini-app's pairwise id for this person (not the platform's user id). */
    openid: string;
    displayName: string;
  }

  interface Profile {
    displayName: string;
    avatarUrl?: string;
  }

  interface RequestOptions {
    /** An https URL on one of your manifest's `domains`. */
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    body?: string;
  }

  interface Response {
    status: number;
    headers: Record<string, string>;
    body: string;
  }

  /** What the user can spend now in one currency (their wallet's available balance, minor units). */
  type Balance = Money;

  interface StatementLine {
    /** The movement's id (the same as `requestTransfer`'s `transferId` or `requestTopUp`'s `topUpId`). */
    id: string;
    /** `top-up`, `p2p` (person to person), `payment`, `refund`… */
    type: string;
    direction: 'in' | 'out';
    /** Minor units, always positive: `direction` says which way. */
    amount: number;
    currency: string;
    createdAt: string;
    note: string | null;
  }

  interface Statement {
    /** Newest first, 20 at a time; pass `nextCursor` back for the page after. */
    items: StatementLine[];
    nextCursor: string | null;
  }

  interface PaymentResult {
    orderId: string;
    status: 'paid' | 'failed';
    reason?: string;
  }

  interface Api {
    readonly version: '1';
    /**
     * This launch's `launchData`: a JWS (EdDSA, `typ: superapp-launch+jwt`) whose `sub` is the user's
     * openid in your mini-app, `aud` your slug, `iat`/`exp` the launch and its end. Send it to your
     * backend, which verifies it with the platform's published keys without calling the platform.
     */
    getLaunchData(): Promise<{ launchData: string }>;
    /** A one-time code (60 s) that your backend exchanges at `POST /runtime/sessions/exchange` for `{openid, scopes}`. */
    login(): Promise<{ code: string; expiresIn: number }>;
    /** Scope `user.profile`. */
    getUserProfile(): Promise<Profile>;
    /** Scope `location`. */
    getLocation(options?: { precise?: boolean }): Promise<Location>;
    /** Scope `camera`: an image the user picked. */
    chooseImage(): Promise<Image>;
    /** Scope `camera`: a photo the user took (or picked, where the device has no camera). */
    openCamera(): Promise<Image>;
    /** Scope `contacts`: one person the user picked among the people they paid or were paid by. */
    chooseContact(): Promise<Contact>;
    /** Scope `payments`: asks the user to pay an order your backend created. */
    requestPayment(params: { orderId: string }): Promise<PaymentResult>;
    /** A call to one of your manifest's domains, made by the platform for you; your backend receives `X-Superapp-Openid` and a signature. */
    request(options: RequestOptions): Promise<Response>;
    /** Key-value storage private to this mini-app and this user (JSON values). */
    readonly storage: {
      get(key: string): Promise<unknown>;
      set(key: string, value: unknown): Promise<void>;
      remove(key: string): Promise<void>;
    };
    getSetting(): Promise<Settings>;
    /** Opens the platform's settings page for your mini-app; resolves with the settings once the user closes it. */
    openSetting(): Promise<Settings>;
    /**
     * Says your mini-app is usable now. The shell times the launch with its own clock, from the
     * moment the person opened it to this call, once per launch; without the call, it takes your
     * entry page's load event. (A number passed, as in earlier drafts, is ignored.)
     */
    reportLoadTime(ms?: number): Promise<void>;
    /** Scope `wallet.read` (finance mini-apps only). */
    readonly wallet: {
      getBalances(): Promise<{ items: Balance[] }>;
      getStatement(params?: { cursor?: string }): Promise<Statement>;
    };
    /**
     * Scope `wallet.transfer`: asks the user to send money to someone, in a sheet the platform draws
     * (recipient, amount, note, balance); the money moves only when they confirm. `to` is your mini-app's
     * openid for the recipient: from `chooseContact()`, or a person's own openid that they showed the
     * sender (their `launchData`'s `sub`). Rejects with `NOT_FOUND` for an id your mini-app was never
     * given, `INVALID_PARAMS` for the user's own, `USER_CANCELLED` when the user closes the sheet.
     */
    requestTransfer(params: {
      to: string;
      amount: number;
      currency: string;
      note?: string;
    }): Promise<{ transferId: string; status: 'completed' }>;
    /** Scope `wallet.transfer`: asks the user to top up their wallet from one of their cards, picked (or added) in the platform's sheet. */
    requestTopUp(params: Money): Promise<{ topUpId: string; status: 'completed' }>;
    readonly SuperappError: new (code: ErrorCode, message: string) => SuperappError;
  }
}

declare const superapp: Superapp.Api;

interface Window {
  readonly superapp: Superapp.Api;
}
