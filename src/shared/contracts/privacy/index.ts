export * from './release-aggregate.command';
export * from './erasure';
export * from './personal-data-erased.event';
export * from './export-requested.event';
export * from './personal-data-export';
