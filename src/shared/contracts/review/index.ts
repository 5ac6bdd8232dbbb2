export * from './policy';
export * from './version-events';
export * from './version-published.event';
