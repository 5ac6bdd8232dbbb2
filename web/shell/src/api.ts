/** The platform's REST API as the shell calls it: bearer token from the session, problems as ApiError. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const REFRESH_KEY = 'superapp.refreshToken';

/**
 * Tokens live on the shell's origin only: the access token in memory, the refresh token in this
 * origin's storage. Mini-apps run on another origin, in opaque-origin frames, and never see either.
 */
class Session {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private listeners = new Set<() => void>();

  get signedIn(): boolean {
    return this.accessToken !== null || localStorage.getItem(REFRESH_KEY) !== null;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(tokens: Tokens): void {
    this.accessToken = tokens.accessToken;
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    this.listeners.forEach((l) => l());
  }

  clear(): void {
    this.accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
    this.listeners.forEach((l) => l());
  }

  token(): string | null {
    return this.accessToken;
  }

  /** One refresh at a time; false (and signed out) when the refresh token is no longer good. */
  refresh(): Promise<boolean> {
    const refreshToken = localStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return Promise.resolve(false);
    this.refreshing ??= fetch('/identity/token/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    })
      .then(async (response) => {
        if (!response.ok) {
          if (response.status === 401 || response.status === 400) this.clear();
          return false;
        }
        this.set((await response.json()) as Tokens);
        return true;
      })
      .catch(() => false)
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }
}

export const session = new Session();

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** false for the sign-in routes. */
  auth?: boolean;
}

export async function api<T = unknown>(path: string, options: CallOptions = {}): Promise<T> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, auth = true } = options;
  if (auth && !session.token()) await session.refresh();
  const send = () =>
    fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(auth && session.token() ? { authorization: `Bearer ${session.token()}` } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await send().catch(() => null);
  if (response?.status === 401 && auth && (await session.refresh())) response = await send().catch(() => null);
  if (!response)
    throw new ApiError({
      status: 0,
      title: 'No connection',
      detail: 'The platform did not answer; check your connection and try again.',
    });
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok)
    throw new ApiError({
      status: response.status,
      ...(typeof parsed === 'object' && parsed ? (parsed as Problem) : { title: response.statusText }),
    });
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
