import { describe, expect, it } from 'vitest';
import { securityHeaders, securityOptions } from './security-headers';

describe('security headers', () => {
  it('send browsers to https only when the platform is served over https', () => {
    const https = securityHeaders(securityOptions({ servedOverHttps: true }));
    expect(https['strict-transport-security']).toMatch(/max-age=\d{6,}/);
    expect(https['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('leave plain http alone, so that Swagger UI loads its assets from any host', () => {
    const http = securityHeaders(securityOptions({ servedOverHttps: false }));
    expect(http['strict-transport-security']).toBeUndefined();
    expect(http['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(http['content-security-policy']).toMatch(/default-src 'self'/);
  });
});
