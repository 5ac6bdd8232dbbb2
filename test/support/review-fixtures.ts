import type { HttpClient, HttpResponse } from './http-client';
import { registerAndLogin, type RegisteredUser, STRONG_PASSWORD } from './identity-fixtures';

/** A user with the given role, logged in again after the grant so the token carries it. */
export async function userWithRole(
  http: HttpClient,
  adminToken: string,
  role: 'developer' | 'reviewer',
): Promise<RegisteredUser> {
  const user = await registerAndLogin(http);
  const granted = await http.post(`/identity/users/${user.id}/roles`, { role }, { token: adminToken });
  if (granted.status !== 200) throw new Error(`grant failed: ${granted.status} ${granted.text}`);
  const login = await http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD });
  return { ...user, accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
}

/** POSTs a bundle as multipart/form-data, field `bundle`, as a developer tool would. */
export async function uploadBundle(
  http: HttpClient,
  token: string,
  slug: string,
  zip: Buffer,
  field = 'bundle',
): Promise<HttpResponse> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'bundle.zip');
  const response = await fetch(`${http.baseUrl}/review/mini-apps/${slug}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}
