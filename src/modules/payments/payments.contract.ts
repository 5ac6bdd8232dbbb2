import { moduleContract } from '../../platform/messaging/module-contract';
import {
  OrderStateChanged,
  PaymentsPersonalDataErased,
  ExportPaymentsPersonalData,
} from '../../shared/contracts/payments';
import { ErasureRequested } from '../../shared/contracts/privacy';
import { MiniAppRegistered, MiniAppUnpublished, VersionPublished } from '../../shared/contracts/review';
import { FindOpenLaunch, ResolveOpenid, VerifyServerCredentials } from '../../shared/contracts/runtime';
import {
  FindMerchantPayment,
  MerchantAccountOpened,
  PayMerchant,
  RefundMerchantPayment,
} from '../../shared/contracts/wallet';

/** Payments' face: orders told as one event, paid and refunded through the wallet's commands. */
export const paymentsContract = moduleContract({
  name: 'payments',
  schema: 'payments',
  routes: ['/payments'],
  owns: 'its read model of mini-apps and their merchant accounts, webhook secrets (sealed), orders, confirmations, refunds, merchant notifications and every attempt',
  publishes: [OrderStateChanged, PaymentsPersonalDataErased],
  subscribers: {
    'payments.keep-merchants': [MiniAppRegistered, VersionPublished, MiniAppUnpublished, MerchantAccountOpened],
    'payments.notify-merchant': [OrderStateChanged],
    'payments.erase-personal-data': [ErasureRequested],
  },
  commands: { handles: [], sends: [PayMerchant, RefundMerchantPayment] },
  // VerifyServerCredentials is asked by the platform's server-credentials guard on payments' merchant routes.
  queries: {
    handles: [ExportPaymentsPersonalData],
    sends: [ResolveOpenid, FindOpenLaunch, VerifyServerCredentials, FindMerchantPayment],
  },
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
  otherColumns: {
    confirmations: ['order_id', 'idempotency_key', 'created_at'],
    disabled_endpoints: ['mini_app_id', 'url', 'disabled_at'],
    merchant_accounts: ['mini_app_id', 'currency', 'account_id'],
    mini_apps: [
      'mini_app_id',
      'slug',
      'name',
      'domains',
      'live',
      'webhook_secret',
      'previous_webhook_secret',
      'previous_valid_until',
    ],
    notification_attempts: ['id', 'notification_id', 'trigger', 'outcome', 'status', 'duration_ms', 'error', 'at'],
    notifications: [
      'id',
      'order_id',
      'mini_app_id',
      'sequence',
      'type',
      'status',
      'attempts',
      'created_at',
      'settled_at',
    ],
    orders: [
      'id',
      'mini_app_id',
      'state',
      'failure_reason',
      'refunded_amount',
      'payment_transfer_id',
      'sequence',
      'idempotency_key',
      'request_fingerprint',
      'expires_at',
      'created_at',
      'updated_at',
    ],
    refunds: ['id', 'order_id', 'idempotency_key', 'request_fingerprint', 'amount', 'transfer_id', 'created_at'],
  },
  personalData: [
    {
      table: 'orders',
      columns: ['user_id', 'openid', 'amount', 'currency', 'description', 'merchant_reference', 'notify_url'],
      purpose: "a mini-app's order and who pays it",
      legalBasis: 'contract',
      retention: { rule: 'kept: the record of a sale' },
      recipients: ["the mini-app's merchant backend: the person's pairwise id, the amount and the order's state"],
      keptOnErasure: 'the record of a sale; its ids name nobody once identity and runtime erased the person',
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
      columns: ['payload', 'url'],
      purpose: "telling the mini-app's backend what happened to an order (with the payer's pairwise id)",
      legalBasis: 'contract',
      retention: { setting: 'PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS' },
      recipients: ["the mini-app's merchant backend, at its notifyUrl"],
      keptOnErasure: 'the merchant was told already; it goes with its retention',
    },
    {
      table: 'mini_apps',
      columns: ['owner_id'],
      purpose: "the developer whose merchant account a mini-app's sales go to",
      legalBasis: 'contract',
      retention: { rule: 'while the mini-app exists' },
      keptOnErasure: "a developer's mini-apps outlive the developer's account",
    },
  ],
});
