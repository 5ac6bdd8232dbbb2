export * from './order-state-changed.event';
