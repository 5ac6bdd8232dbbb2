export * from './user-registered.event';
export * from './profile-updated.event';
