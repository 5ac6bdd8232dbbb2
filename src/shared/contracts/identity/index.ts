export * from './user-registered.event';
