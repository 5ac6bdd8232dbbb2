import { describe, expect, it } from 'vitest';
import { isMiniAppHost, miniAppHostTest } from './mini-app-origin';

describe('mini-app host', () => {
  it('is the configured origin host, whatever its case, and nothing else', () => {
    const isAppsHost = miniAppHostTest({ MINIAPP_ORIGIN: 'https://Apps.Example.com', PORT: 3000 });
    expect(isAppsHost('apps.example.com')).toBe(true);
    expect(isAppsHost('APPS.example.com')).toBe(true);
    expect(isAppsHost('example.com')).toBe(false);
    expect(isAppsHost('apps.example.com:443')).toBe(false);
    expect(isAppsHost(undefined)).toBe(false);
  });

  it('is apps.localhost on the port in development', () => {
    expect(isMiniAppHost('apps.localhost:3000', { MINIAPP_ORIGIN: undefined, PORT: 3000 })).toBe(true);
    expect(isMiniAppHost('localhost:3000', { MINIAPP_ORIGIN: undefined, PORT: 3000 })).toBe(false);
  });
});
