import { moduleContract } from '../../platform/messaging/module-contract';
import { OrderStateChanged } from '../../shared/contracts/payments';
import { MiniAppRegistered, MiniAppUnpublished, VersionPublished } from '../../shared/contracts/review';
import { FindOpenLaunch, ResolveOpenid, VerifyServerCredentials } from '../../shared/contracts/runtime';
import { MerchantAccountOpened, PayMerchant, RefundMerchantPayment } from '../../shared/contracts/wallet';

/** Payments' face: orders told as one event, paid and refunded through the wallet's commands. */
export const paymentsContract = moduleContract({
  name: 'payments',
  schema: 'payments',
  owns: 'its read model of mini-apps and their merchant accounts, webhook secrets (sealed), orders, confirmations, refunds, merchant notifications and every attempt',
  publishes: [OrderStateChanged],
  subscribers: {
    'payments.keep-merchants': [MiniAppRegistered, VersionPublished, MiniAppUnpublished, MerchantAccountOpened],
    'payments.notify-merchant': [OrderStateChanged],
  },
  commands: { handles: [], sends: [PayMerchant, RefundMerchantPayment] },
  // VerifyServerCredentials is asked by the platform's server-credentials guard on payments' merchant routes.
  queries: { handles: [], sends: [ResolveOpenid, FindOpenLaunch, VerifyServerCredentials] },
  settings: [
    'DATA_DIR',
    'OUTBOUND_ALLOW_LOOPBACK',
    'PAYMENTS_ORDER_TTL_SECONDS',
    'PAYMENTS_SWEEP_INTERVAL_MS',
    'PAYMENTS_SECRET_KEY',
    'PAYMENTS_WEBHOOK_SECRET_GRACE_SECONDS',
    'PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS',
    'PAYMENTS_NOTIFY_MAX_ATTEMPTS',
    'PAYMENTS_NOTIFY_BACKOFF_BASE_MS',
    'PAYMENTS_NOTIFY_BACKOFF_MAX_MS',
    'PAYMENTS_NOTIFY_TIMEOUT_MS',
  ],
  personalData: [
    {
      table: 'orders',
      columns: ['user_id', 'openid', 'amount', 'currency'],
      purpose: "a mini-app's order and who pays it",
      legalBasis: 'contract',
      retention: { rule: 'kept: the record of a sale' },
    },
    {
      table: 'confirmations',
      columns: ['user_id', 'answer'],
      purpose: 'answering a retried payment with its first answer',
      legalBasis: 'contract',
      retention: { rule: 'kept with its order' },
    },
    {
      table: 'notifications',
      columns: ['payload'],
      purpose: "telling the mini-app's backend what happened to an order (with the payer's pairwise id)",
      legalBasis: 'contract',
      retention: { setting: 'PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS' },
    },
    {
      table: 'mini_apps',
      columns: ['owner_id'],
      purpose: "the developer whose merchant account a mini-app's sales go to",
      legalBasis: 'contract',
      retention: { rule: 'while the mini-app exists' },
    },
  ],
});
