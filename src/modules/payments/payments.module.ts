import { Module } from '@nestjs/common';
import { ModuleName } from '../../platform/messaging/decorators';
import { paymentsContract } from './payments.contract';
import { CheckoutController } from './api/checkout.controller';
import { MerchantController } from './api/merchant.controller';
import { ConfirmOrderHandler } from './application/commands/confirm-order.command';
import { CreateOrderHandler } from './application/commands/create-order.command';
import { RefundOrderHandler } from './application/commands/refund-order.command';
import { ResendNotificationHandler } from './application/commands/resend-notification.command';
import { RotateWebhookSecretHandler } from './application/commands/rotate-webhook-secret.command';
import { MerchantNotifier } from './application/merchant-notifier';
import { OrderChanges } from './application/order-changes';
import { OrderExpiry } from './application/order-expiry';
import { PaymentsHousekeeping } from './application/payments-housekeeping';
import { MerchantDirectory } from './application/ports/merchant-directory';
import { NotificationLog } from './application/ports/notification-log';
import { OrderStore } from './application/ports/order-store';
import { PaymentsMetrics } from './application/ports/payments-metrics';
import { WebhookSecrets } from './application/ports/webhook-secrets';
import { GetCheckoutHandler, GetOrderHandler, ListNotificationsHandler } from './application/queries/order-queries';
import { KeepMerchants } from './application/subscribers/keep-merchants.handler';
import { NotifyMerchant } from './application/subscribers/notify-merchant.handler';
import { ErasePaymentsData } from './application/subscribers/erase-personal-data.handler';
import { PrometheusPaymentsMetrics } from './infrastructure/prometheus-payments-metrics';
import { SealedWebhookSecrets } from './infrastructure/sealed-webhook-secrets';
import { SqlMerchantDirectory } from './infrastructure/sql-merchant-directory';
import { SqlNotificationLog } from './infrastructure/sql-notification-log';
import { SqlOrderStore } from './infrastructure/sql-order-store';
import { PersonalDataExport } from './application/ports/personal-data-export';
import { ExportPaymentsPersonalDataHandler } from './application/queries/export-personal-data.handler';
import { SqlPersonalDataExport } from './infrastructure/sql-personal-data-export';

/**
 * Mini-app checkout (schema `payments`): orders a mini-app's backend creates, paid by the user in
 * the shell's sheet through wallet's PayMerchant, refunded through RefundMerchantPayment, each
 * change announced to the merchant by a signed notification from the outbox. It knows mini-apps and
 * their merchant accounts from review's and wallet's events, and users only by what the runtime answers.
 */
@ModuleName(paymentsContract)
@Module({
  controllers: [MerchantController, CheckoutController],
  providers: [
    { provide: PersonalDataExport, useClass: SqlPersonalDataExport },
    ExportPaymentsPersonalDataHandler,
    { provide: MerchantDirectory, useClass: SqlMerchantDirectory },
    { provide: OrderStore, useClass: SqlOrderStore },
    { provide: NotificationLog, useClass: SqlNotificationLog },
    { provide: WebhookSecrets, useClass: SealedWebhookSecrets },
    { provide: PaymentsMetrics, useClass: PrometheusPaymentsMetrics },
    OrderChanges,
    OrderExpiry,
    PaymentsHousekeeping,
    MerchantNotifier,
    KeepMerchants,
    NotifyMerchant,
    ErasePaymentsData,
    CreateOrderHandler,
    ConfirmOrderHandler,
    RefundOrderHandler,
    RotateWebhookSecretHandler,
    ResendNotificationHandler,
    GetOrderHandler,
    GetCheckoutHandler,
    ListNotificationsHandler,
  ],
})
export class PaymentsModule {}
