import * as z from 'zod/mini';

/**
 * The bridge between a mini-app's frame and the shell: one MessageChannel port per frame, JSON
 * messages `{v:1, id, method, params}` answered by `{v:1, id, result}` or `{v:1, id, error}`.
 * The one definition of the wire: the SDK validates what it sends and receives with it, the shell
 * validates every request with it before acting. zod/mini keeps the SDK small.
 */
export const BRIDGE_VERSION = 1;

export const ERROR_CODES = [
  'PERMISSION_DENIED',
  'USER_CANCELLED',
  'INVALID_PARAMS',
  'NOT_DECLARED',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NOT_FOUND',
  'BUSY',
  'ALREADY_PAID',
  'ORDER_EXPIRED',
] as const;
export type BridgeErrorCode = (typeof ERROR_CODES)[number];

const MAX_KEY = 128;
const money = {
  amount: z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
};
const none = z.optional(z.strictObject({}));

/** Every call's parameters; a method not listed here does not exist. */
export const METHOD_PARAMS = {
  getLaunchData: none,
  login: none,
  getUserProfile: none,
  getLocation: z.optional(z.strictObject({ precise: z.optional(z.boolean()) })),
  chooseImage: none,
  openCamera: none,
  chooseContact: none,
  requestPayment: z.strictObject({ orderId: z.string().check(z.minLength(1), z.maxLength(100)) }),
  request: z.strictObject({
    url: z.string().check(z.minLength(1), z.maxLength(4096)),
    method: z.optional(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
    headers: z.optional(z.record(z.string().check(z.maxLength(256)), z.string().check(z.maxLength(4096)))),
    body: z.optional(z.string().check(z.maxLength(1_048_576))),
  }),
  'storage.get': z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY)) }),
  'storage.set': z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY)), value: z.unknown() }),
  'storage.remove': z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(MAX_KEY)) }),
  getSetting: none,
  openSetting: none,
  // `ms` is accepted as SDK.md first described it, and ignored: the shell times the launch itself.
  reportLoadTime: z.optional(z.strictObject({ ms: z.optional(z.number()) })),
  'wallet.getBalances': none,
  'wallet.getStatement': z.optional(z.strictObject({ cursor: z.optional(z.string().check(z.maxLength(200))) })),
  requestTransfer: z.strictObject({
    to: z.string().check(z.minLength(1), z.maxLength(100)),
    ...money,
    note: z.optional(z.string().check(z.maxLength(140))),
  }),
  requestTopUp: z.strictObject(money),
} as const;

export type BridgeMethod = keyof typeof METHOD_PARAMS;
export type BridgeParams<M extends BridgeMethod> = z.infer<(typeof METHOD_PARAMS)[M]>;

export const METHODS = Object.keys(METHOD_PARAMS) as BridgeMethod[];

/** The scope a call needs (beyond the manifest's domains for `request`); the shell asks for it before acting. */
export const METHOD_SCOPE: Partial<Record<BridgeMethod, string>> = {
  getUserProfile: 'user.profile',
  getLocation: 'location',
  chooseImage: 'camera',
  openCamera: 'camera',
  chooseContact: 'contacts',
  requestPayment: 'payments',
  'wallet.getBalances': 'wallet.read',
  'wallet.getStatement': 'wallet.read',
  requestTransfer: 'wallet.transfer',
  requestTopUp: 'wallet.transfer',
};

const id = z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

export const requestEnvelope = z.strictObject({
  v: z.literal(BRIDGE_VERSION),
  id,
  method: z.string().check(z.maxLength(64)),
  params: z.optional(z.unknown()),
});
export type BridgeRequest = z.infer<typeof requestEnvelope>;

export const bridgeError = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string().check(z.maxLength(1000)) });
export type BridgeError = z.infer<typeof bridgeError>;

export const responseEnvelope = z.union([
  z.strictObject({ v: z.literal(BRIDGE_VERSION), id, result: z.unknown() }),
  z.strictObject({ v: z.literal(BRIDGE_VERSION), id, error: bridgeError }),
]);
export type BridgeResponse = z.infer<typeof responseEnvelope>;

/** The request if it is one the shell may act on, else the error to answer (the id when one could be read). */
export function parseRequest(
  data: unknown,
):
  | { ok: true; request: { id: number; method: BridgeMethod; params: unknown } }
  | { ok: false; id: number | null; error: BridgeError } {
  const envelope = requestEnvelope.safeParse(data);
  if (!envelope.success) {
    const raw = (data as { id?: unknown } | null)?.id;
    return {
      ok: false,
      id: id.safeParse(raw).success ? (raw as number) : null,
      error: { code: 'INVALID_PARAMS', message: 'not a bridge request of version 1' },
    };
  }
  const { id: requestId, method } = envelope.data;
  if (!Object.hasOwn(METHOD_PARAMS, method))
    return { ok: false, id: requestId, error: { code: 'INVALID_PARAMS', message: `no such method: ${method}` } };
  const params = METHOD_PARAMS[method as BridgeMethod].safeParse(envelope.data.params);
  if (!params.success)
    return {
      ok: false,
      id: requestId,
      error: {
        code: 'INVALID_PARAMS',
        message: `invalid parameters for ${method}: ${params.error.issues.map((i) => `${i.path.join('.') || '(params)'} ${i.message}`).join('; ')}`,
      },
    };
  return { ok: true, request: { id: requestId, method: method as BridgeMethod, params: params.data } };
}
