import {
  BRIDGE_VERSION,
  type BridgeError,
  type BridgeMethod,
  METHOD_PARAMS,
  responseEnvelope,
} from '../../src/shared/contracts/sdk/bridge';
import { removeWebRtc } from './remove-webrtc';

/**
 * The mini-app SDK: `window.superapp`. It runs before any script of the mini-app (the platform
 * puts it first in the entry page), takes WebRTC out of the frame, waits for the port the shell
 * transfers, and from then on speaks only over that port.
 */
removeWebRtc(window);

class SuperappError extends Error {
  constructor(
    readonly code: BridgeError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'SuperappError';
  }
}

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: SuperappError) => void }>();
const queued: unknown[] = [];
let port: MessagePort | null = null;
let nextId = 1;

function onShellMessage(event: MessageEvent): void {
  const parsed = responseEnvelope.safeParse(event.data);
  if (!parsed.success) return;
  const answer = parsed.data;
  const waiting = pending.get(answer.id);
  if (!waiting) return;
  pending.delete(answer.id);
  if ('error' in answer) waiting.reject(new SuperappError(answer.error.code, answer.error.message));
  else waiting.resolve(answer.result);
}

// The shell transfers one port, once, from the parent window; anything else on `window` is ignored.
window.addEventListener('message', function receivePort(event: MessageEvent) {
  if (port || event.source !== window.parent || event.ports.length !== 1) return;
  const data = event.data as { superapp?: unknown; v?: unknown } | null;
  if (data?.superapp !== 'connect' || data.v !== BRIDGE_VERSION) return;
  window.removeEventListener('message', receivePort);
  port = event.ports[0];
  port.onmessage = onShellMessage;
  for (const message of queued.splice(0)) port.postMessage(message);
});

function call<T>(method: BridgeMethod, params?: unknown): Promise<T> {
  const checked = METHOD_PARAMS[method].safeParse(params);
  if (!checked.success)
    return Promise.reject(
      new SuperappError(
        'INVALID_PARAMS',
        `${method}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')}`,
      ),
    );
  const id = nextId++;
  const message = { v: BRIDGE_VERSION, id, method, params: checked.data };
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    if (port) port.postMessage(message);
    else queued.push(message);
  });
}

const superapp = Object.freeze({
  version: '1',
  getLaunchData: () => call('getLaunchData'),
  login: () => call('login'),
  getUserProfile: () => call('getUserProfile'),
  getLocation: (options?: { precise?: boolean }) => call('getLocation', options),
  chooseImage: () => call('chooseImage'),
  openCamera: () => call('openCamera'),
  chooseContact: () => call('chooseContact'),
  requestPayment: (params: { orderId: string }) => call('requestPayment', params),
  request: (params: { url: string; method?: string; headers?: Record<string, string>; body?: string }) =>
    call('request', params),
  storage: Object.freeze({
    get: (key: string) => call('storage.get', { key }),
    set: (key: string, value: unknown) => call('storage.set', { key, value }),
    remove: (key: string) => call('storage.remove', { key }),
  }),
  getSetting: () => call('getSetting'),
  openSetting: () => call('openSetting'),
  reportLoadTime: () => call('reportLoadTime'),
  wallet: Object.freeze({
    getBalances: () => call('wallet.getBalances'),
    getStatement: (params?: { cursor?: string }) => call('wallet.getStatement', params),
  }),
  requestTransfer: (params: { to: string; amount: number; currency: string; note?: string }) =>
    call('requestTransfer', params),
  requestTopUp: (params: { amount: number; currency: string }) => call('requestTopUp', params),
  SuperappError,
});

Object.defineProperty(window, 'superapp', { value: superapp, writable: false, configurable: false, enumerable: true });
