export * from './policy';
export * from './version-events';
