export * from './user-registered.event';
export * from './profile-updated.event';
export * from './personal-data-erased.event';
export * from './erasure.commands';
export * from './export-personal-data.query';
