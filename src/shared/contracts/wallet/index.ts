export * from './pay-merchant.command';
export * from './payment-failed.event';
export * from './transfer-completed.event';
export * from './wallet-opened.event';
