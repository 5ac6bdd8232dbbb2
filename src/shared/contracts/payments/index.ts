export * from './order-state-changed.event';
export * from './personal-data-erased.event';
export * from './export-personal-data.query';
