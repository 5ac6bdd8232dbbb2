export * from './merchant-account-opened.event';
export * from './pay-merchant.command';
export * from './payment-failed.event';
export * from './refund-merchant-payment.command';
export * from './transfer-completed.event';
export * from './wallet-opened.event';
export * from './personal-data-erased.event';
export * from './close-wallet-for-erasure.command';
