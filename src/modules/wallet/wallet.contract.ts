import { moduleContract } from '../../platform/messaging/module-contract';
import { UserRegistered } from '../../shared/contracts/identity';
import { MiniAppRegistered } from '../../shared/contracts/review';
import {
  MerchantAccountOpened,
  PayMerchant,
  PaymentFailed,
  RefundMerchantPayment,
  TransferCompleted,
  WalletOpened,
} from '../../shared/contracts/wallet';

/** The wallet's face: a ledger that others pay through with two commands, and four facts about money. */
export const walletContract = moduleContract({
  name: 'wallet',
  schema: 'wallet',
  owns: "ledger accounts and balances (mini-apps' merchant accounts among them), transfers and entries, holds, instruments, idempotency keys, audit chain",
  publishes: [WalletOpened, TransferCompleted, PaymentFailed, MerchantAccountOpened],
  subscribers: {
    'wallet.open-wallet-on-user-registered': [UserRegistered],
    'wallet.open-merchant-accounts-for-mini-apps': [MiniAppRegistered],
  },
  commands: { handles: [PayMerchant, RefundMerchantPayment], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [
    'WALLET_DEFAULT_CURRENCY',
    'WALLET_CURRENCIES',
    'WALLET_TRANSACTION_LIMIT',
    'WALLET_DAILY_LIMIT',
    'WALLET_IDEMPOTENCY_RETENTION_HOURS',
    'WALLET_HOLD_SWEEP_INTERVAL_MS',
    'WALLET_TOP_UP_RECOVERY_SECONDS',
    'WALLET_AUDIT_SEAL_INTERVAL_MS',
  ],
  personalData: [
    {
      table: 'accounts',
      columns: ['owner_id', 'posted', 'pending_debits', 'pending_credits'],
      purpose: "a user's stored value and a developer's merchant accounts",
      legalBasis: 'contract',
      retention: { rule: 'kept: the ledger is append-only bookkeeping' },
    },
    {
      table: 'transfers',
      columns: ['debit_account_id', 'credit_account_id', 'amount', 'reference', 'note', 'initiated_by'],
      purpose: 'the record of every movement of money',
      legalBasis: 'legal-obligation',
      retention: { rule: 'kept: the ledger is append-only bookkeeping' },
    },
    {
      table: 'instruments',
      columns: ['owner_id', 'provider_token', 'brand', 'exp_month', 'exp_year', 'iban_masked', 'holder_name'],
      purpose: 'cards and bank accounts (tokenised) to top up from and pay out to',
      legalBasis: 'contract',
      retention: { rule: 'until the user removes it (then marked removed, the token kept for disputes)' },
    },
    {
      table: 'top_ups',
      columns: ['user_id', 'instrument_id', 'provider_token', 'amount', 'decline_reason'],
      purpose: 'journal of card charges, so a crash never charges twice',
      legalBasis: 'contract',
      retention: { setting: 'WALLET_IDEMPOTENCY_RETENTION_HOURS' },
    },
    {
      table: 'idempotency_keys',
      columns: ['scope', 'response_body'],
      purpose: 'answering a retried request with its first answer',
      legalBasis: 'contract',
      retention: { setting: 'WALLET_IDEMPOTENCY_RETENTION_HOURS' },
    },
    {
      table: 'audit_log',
      columns: ['actor', 'subject', 'details', 'request_id'],
      purpose: 'tamper-evident record of who did what to money',
      legalBasis: 'legal-obligation',
      retention: { rule: 'kept: the hash chain would break without it' },
    },
  ],
});
