import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyInterceptor } from '../../platform/http/idempotent-route';
import { idempotencyOver } from '../../platform/idempotency/idempotency';
import { ModuleName } from '../../platform/messaging/decorators';
import { walletContract } from './wallet.contract';
import { AccountsController } from './api/accounts.controller';
import { HoldsController } from './api/holds.controller';
import { InstrumentsController } from './api/instruments.controller';
import { MerchantAccountsController } from './api/merchant-accounts.controller';
import { TopUpsController } from './api/top-ups.controller';
import { ReconciliationController } from './api/reconciliation.controller';
import { TransactionsController } from './api/transactions.controller';
import { TransfersController } from './api/transfers.controller';
import { AddBankAccountHandler } from './application/commands/add-bank-account.command';
import { AddCardHandler } from './application/commands/add-card.command';
import { CaptureHoldHandler } from './application/commands/capture-hold.command';
import { OpenMerchantAccountHandler } from './application/commands/open-merchant-account.command';
import { PayMerchantHandler } from './application/commands/pay-merchant.handler';
import { PlaceHoldHandler } from './application/commands/place-hold.command';
import { VoidHoldHandler } from './application/commands/void-hold.command';
import { RemoveInstrumentHandler } from './application/commands/remove-instrument.command';
import { TopUpHandler } from './application/commands/top-up.command';
import { RefundTransferHandler } from './application/commands/refund-transfer.command';
import { SendMoneyHandler } from './application/commands/send-money.command';
import { AuditSealer } from './application/audit-sealer';
import { Currencies } from './application/currencies';
import { HoldSettlement } from './application/hold-settlement';
import { Ledger } from './application/ledger';
import { AccountRepository } from './application/ports/account-repository';
import { AuditLog } from './application/ports/audit-log';
import { HoldRepository } from './application/ports/hold-repository';
import { LedgerChecks } from './application/ports/ledger-checks';
import { InstrumentRepository } from './application/ports/instrument-repository';
import { PaymentProvider } from './application/ports/payment-provider';
import { TransferRepository } from './application/ports/transfer-repository';
import { TopUpJournal } from './application/ports/top-up-journal';
import { WalletMetrics } from './application/ports/wallet-metrics';
import { GetHoldHandler } from './application/queries/get-hold.query';
import { GetTransferHandler } from './application/queries/get-transfer.query';
import { ListAccountsHandler } from './application/queries/list-accounts.query';
import { ListInstrumentsHandler } from './application/queries/list-instruments.query';
import { ReconcileHandler } from './application/queries/reconcile.query';
import { GetStatementHandler } from './application/queries/statement.query';
import { SpendingGuard } from './application/spending-guard';
import { OpenWalletOnUserRegistered } from './application/subscribers/open-wallet-on-user-registered.handler';
import { EraseWalletData } from './application/subscribers/erase-personal-data.handler';
import { CloseWalletForErasureHandler } from './application/commands/close-wallet-for-erasure.handler';
import { WalletHousekeeping } from './application/wallet-housekeeping';
import { TopUpSettlement } from './application/top-up-settlement';
import { TransferBatcher } from './application/transfer-batcher';
import { WalletOpener } from './application/wallet-opener';
import { AccountEntity } from './infrastructure/account.entity';
import { AuditChainLinkEntity } from './infrastructure/audit-chain-link.entity';
import { AuditRecordEntity } from './infrastructure/audit-record.entity';
import { EntryEntity } from './infrastructure/entry.entity';
import { HoldEntity } from './infrastructure/hold.entity';
import { IdempotencyKeyEntity } from './infrastructure/idempotency-key.entity';
import { InstrumentEntity } from './infrastructure/instrument.entity';
import { PrometheusWalletMetrics } from './infrastructure/prometheus-wallet-metrics';
import { SandboxPaymentProvider } from './infrastructure/sandbox-payment.provider';
import { WALLET_LOCK_CLASS } from './infrastructure/advisory-locks';
import { SqlAccountRepository } from './infrastructure/sql-account.repository';
import { SqlAuditLog } from './infrastructure/sql-audit.log';
import { SqlHoldRepository } from './infrastructure/sql-hold.repository';
import { SqlLedgerChecks } from './infrastructure/sql-ledger-checks';
import { SqlInstrumentRepository } from './infrastructure/sql-instrument.repository';
import { SqlTransferRepository } from './infrastructure/sql-transfer.repository';
import { SqlTopUpJournal } from './infrastructure/sql-top-up.journal';
import { TopUpEntity } from './infrastructure/top-up.entity';
import { TransferEntity } from './infrastructure/transfer.entity';
import { RefundMerchantPaymentHandler } from './application/commands/refund-merchant-payment.handler';
import { Refunds } from './application/refunds';
import { OpenMerchantAccountsOnMiniAppRegistered } from './application/subscribers/open-merchant-accounts-on-mini-app-registered.handler';
import { PersonalDataExport } from './application/ports/personal-data-export';
import { FindMerchantPaymentHandler } from './application/queries/find-merchant-payment.handler';
import { ExportWalletPersonalDataHandler } from './application/queries/export-personal-data.handler';
import { SqlPersonalDataExport } from './infrastructure/sql-personal-data-export';

/**
 * Wallet: a double-entry ledger of stored value (schema `wallet`). Its published language is
 * `src/shared/contracts/wallet`: events it publishes and the PayMerchant command it handles.
 */
@ModuleName(walletContract)
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AccountEntity,
      TransferEntity,
      EntryEntity,
      HoldEntity,
      IdempotencyKeyEntity,
      InstrumentEntity,
      AuditRecordEntity,
      AuditChainLinkEntity,
      TopUpEntity,
    ]),
  ],
  controllers: [
    AccountsController,
    TransfersController,
    TopUpsController,
    InstrumentsController,
    HoldsController,
    MerchantAccountsController,
    TransactionsController,
    ReconciliationController,
  ],
  providers: [
    { provide: PersonalDataExport, useClass: SqlPersonalDataExport },
    ExportWalletPersonalDataHandler,
    FindMerchantPaymentHandler,
    { provide: AccountRepository, useClass: SqlAccountRepository },
    { provide: TransferRepository, useClass: SqlTransferRepository },
    { provide: HoldRepository, useClass: SqlHoldRepository },
    idempotencyOver('wallet.idempotency_keys', WALLET_LOCK_CLASS.idempotencyKey),
    { provide: InstrumentRepository, useClass: SqlInstrumentRepository },
    { provide: AuditLog, useClass: SqlAuditLog },
    { provide: LedgerChecks, useClass: SqlLedgerChecks },
    { provide: PaymentProvider, useClass: SandboxPaymentProvider },
    { provide: TopUpJournal, useClass: SqlTopUpJournal },
    { provide: WalletMetrics, useClass: PrometheusWalletMetrics },
    Currencies,
    Ledger,
    SpendingGuard,
    WalletOpener,
    IdempotencyInterceptor,
    OpenWalletOnUserRegistered,
    EraseWalletData,
    CloseWalletForErasureHandler,
    SendMoneyHandler,
    TransferBatcher,
    RefundTransferHandler,
    ListAccountsHandler,
    GetTransferHandler,
    TopUpHandler,
    TopUpSettlement,
    AddCardHandler,
    AddBankAccountHandler,
    RemoveInstrumentHandler,
    ListInstrumentsHandler,
    HoldSettlement,
    WalletHousekeeping,
    AuditSealer,
    PlaceHoldHandler,
    CaptureHoldHandler,
    VoidHoldHandler,
    GetHoldHandler,
    OpenMerchantAccountHandler,
    GetStatementHandler,
    ReconcileHandler,
    PayMerchantHandler,
    RefundMerchantPaymentHandler,
    Refunds,
    OpenMerchantAccountsOnMiniAppRegistered,
  ],
})
export class WalletModule {}
