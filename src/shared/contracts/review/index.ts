export * from './mini-app-registered.event';
export * from './policy';
export * from './version-events';
export * from './version-published.event';
export * from './export-personal-data.query';
