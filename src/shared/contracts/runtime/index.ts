export * from './consent-events';
export * from './mini-app-launched.event';
export * from './verify-server-credentials.query';
