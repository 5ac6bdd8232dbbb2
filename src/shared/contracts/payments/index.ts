export * from './order-state-changed.event';
export * from './personal-data-erased.event';
