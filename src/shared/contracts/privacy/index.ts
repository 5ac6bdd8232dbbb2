export * from './release-aggregate.command';
export * from './erasure';
export * from './personal-data-erased.event';
