export * from './consent-events';
export * from './find-open-launch.query';
export * from './mini-app-launched.event';
export * from './resolve-openid.query';
export * from './verify-server-credentials.query';
export * from './count-consent-activity.query';
export * from './personal-data-erased.event';
export * from './privacy-events';
