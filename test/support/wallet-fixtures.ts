import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { HttpClient, HttpResponse } from './http-client';
import { registerAndLogin, type RegisteredUser } from './identity-fixtures';
import { startTestApp, type TestApp } from './test-app';
import { waitFor } from './wait-for';

export const CARDS = {
  succeeds: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  expired: '4000 0000 0000 0069',
};

/** An expiry year that is in the future whatever day the suite runs: the server judges expiry by its own clock. */
export const FUTURE_EXPIRY_YEAR = new Date().getUTCFullYear() + 5;

export interface WalletUser extends RegisteredUser {
  accountId: string;
}

/** Registers a user and waits for the wallet to open its account (the bus delivers the registration). */
export async function walletUser(http: HttpClient, overrides: { displayName?: string } = {}): Promise<WalletUser> {
  const user = await registerAndLogin(http, overrides);
  const accounts = await waitFor(async () => {
    const response = await http.get('/wallet/accounts', { token: user.accessToken });
    return response.body.items?.length ? response.body.items : undefined;
  });
  return { ...user, accountId: accounts[0].id };
}

/** A POST with a fresh Idempotency-Key unless one is given. */
export function moneyPost(
  http: HttpClient,
  user: RegisteredUser,
  path: string,
  body: unknown,
  key: string = randomUUID(),
): Promise<HttpResponse> {
  return http.post(path, body, { token: user.accessToken, headers: { 'idempotency-key': key } });
}

export async function addCard(http: HttpClient, user: RegisteredUser, number = CARDS.succeeds): Promise<string> {
  const response = await http.post(
    '/wallet/instruments/cards',
    { number, expMonth: 12, expYear: FUTURE_EXPIRY_YEAR, cvc: '123' },
    { token: user.accessToken },
  );
  if (response.status !== 201) throw new Error(`add card failed: ${response.status} ${response.text}`);
  return response.body.id;
}

/** Funds the user's EUR wallet from a fresh test card. */
export async function fund(http: HttpClient, user: RegisteredUser, amount: number, currency = 'EUR'): Promise<void> {
  const instrumentId = await addCard(http, user);
  const response = await moneyPost(http, user, '/wallet/top-ups', { instrumentId, amount, currency });
  if (response.status !== 201) throw new Error(`top-up failed: ${response.status} ${response.text}`);
}

export async function balanceOf(
  http: HttpClient,
  user: RegisteredUser,
  currency = 'EUR',
): Promise<{ posted: number; pendingDebits: number; pendingCredits: number; available: number }> {
  const response = await http.get('/wallet/accounts', { token: user.accessToken });
  const account = response.body.items.find(
    (a: { currency: string; kind: string }) => a.currency === currency && a.kind === 'user',
  );
  return account?.balance ?? { posted: 0, pendingDebits: 0, pendingCredits: 0, available: 0 };
}

/** A test app and a PostgreSQL client on its database, for checking what was (and was not) stored. */
export async function startWalletApp(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; db: Client; close: () => Promise<void> }> {
  const t = await startTestApp(env);
  const db = new Client({ connectionString: t.config.DATABASE_URL });
  await db.connect();
  return {
    t,
    db,
    async close() {
      await db.end();
      await t.close();
    },
  };
}
