import { randomUUID } from 'node:crypto';
import type { HttpClient } from './http-client';

export const STRONG_PASSWORD = 'violet staple orbit 42';

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers a fresh user and logs in, the way a client would. */
export async function registerAndLogin(
  http: HttpClient,
  overrides: { email?: string; displayName?: string } = {},
): Promise<RegisteredUser> {
  const email = overrides.email ?? `user-${randomUUID()}@example.com`;
  const registered = await http.post('/identity/register', {
    email,
    password: STRONG_PASSWORD,
    displayName: overrides.displayName ?? 'Test User',
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  const login = await http.post('/identity/login', { email, password: STRONG_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return {
    id: registered.body.id,
    email,
    password: STRONG_PASSWORD,
    accessToken: login.body.accessToken,
    refreshToken: login.body.refreshToken,
  };
}
