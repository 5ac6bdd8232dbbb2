import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { checkTarget } from '../../../../platform/outbound/outbound-target';
import { Clock } from '../../../../platform/time/clock';
import { ResolveOpenid, type ServerCaller } from '../../../../shared/contracts/runtime';
import { newId } from '../../../../shared/kernel/ids';
import { ProblemError } from '../../../../shared/kernel/problem';
import type { Order } from '../../domain/order';
import { MerchantDirectory } from '../ports/merchant-directory';
import { OrderStore } from '../ports/order-store';
import { PaymentsMetrics } from '../ports/payments-metrics';

export interface OrderRequest {
  openid: string;
  amount: number;
  currency: string;
  description: string;
  merchantReference: string;
  notifyUrl: string;
}

export class CreateOrder extends Command<{ order: Order; replayed: boolean }> {
  constructor(
    readonly caller: ServerCaller,
    readonly idempotencyKey: string,
    readonly request: OrderRequest,
  ) {
    super();
  }
}

const unprocessable = (code: string, title: string, detail: string, pointer?: string) =>
  new ProblemError(422, code, title, detail, pointer ? [{ pointer, detail }] : undefined);

/**
 * A mini-app's backend creates an order for one of its users (by openid), payable until it
 * expires. Its merchant account in the currency, a webhook secret and a notifyUrl on a declared
 * domain are required up front, so that every later change can be paid and announced. The same
 * Idempotency-Key with the same request gives the same order; with another request, a 422.
 */
@CommandHandler(CreateOrder)
export class CreateOrderHandler implements ICommandHandler<CreateOrder, { order: Order; replayed: boolean }> {
  constructor(
    private readonly directory: MerchantDirectory,
    private readonly orders: OrderStore,
    private readonly queries: QueryBus,
    private readonly metrics: PaymentsMetrics,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ caller, idempotencyKey, request }: CreateOrder): Promise<{ order: Order; replayed: boolean }> {
    const merchant = await this.directory.byId(caller.miniAppId);
    if (!merchant?.live)
      throw unprocessable('mini-app-not-live', 'Mini-app not live', 'Only a published mini-app can take payments.');
    const accountId = await this.directory.accountOf(merchant.miniAppId, request.currency);
    if (!accountId) {
      throw unprocessable(
        'payments-not-enabled',
        'Payments not enabled',
        `This mini-app has no merchant account in ${request.currency}: its category does not allow payments, or the currency is not one the wallet holds.`,
        '#/currency',
      );
    }
    if (!(await this.directory.secretOf(merchant.miniAppId))) {
      throw unprocessable(
        'webhook-secret-missing',
        'Webhook secret missing',
        `Create the mini-app's webhook secret first (POST /payments/mini-apps/${merchant.slug}/webhook-secret): every notification is signed with it.`,
      );
    }
    const target = checkTarget(request.notifyUrl, merchant.domains, this.config.OUTBOUND_ALLOW_LOOPBACK);
    if ('refusal' in target)
      throw unprocessable(
        'notify-url-not-allowed',
        'notifyUrl not allowed',
        "The notifyUrl must be an https URL on one of the domains the mini-app's live manifest declares.",
        '#/notifyUrl',
      );
    const user = await this.queries.execute<ResolveOpenid, { userId: string } | null>(
      new ResolveOpenid(merchant.miniAppId, request.openid),
    );
    if (!user)
      throw unprocessable('unknown-openid', 'Unknown openid', 'No user of this mini-app has this openid.', '#/openid');
    const now = this.clock.now();
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          request.openid,
          request.amount,
          request.currency,
          request.description,
          request.merchantReference,
          target.url.href,
        ]),
      )
      .digest('hex');
    const stored = await this.unitOfWork.run(() =>
      this.orders.insert({
        id: newId(),
        miniAppId: merchant.miniAppId,
        openid: request.openid,
        userId: user.userId,
        amount: BigInt(request.amount),
        currency: request.currency,
        description: request.description,
        merchantReference: request.merchantReference,
        notifyUrl: target.url.href,
        expiresAt: new Date(now.getTime() + this.config.PAYMENTS_ORDER_TTL_SECONDS * 1000),
        createdAt: now,
        idempotencyKey,
        requestFingerprint: fingerprint,
      }),
    );
    if (stored.requestFingerprint !== fingerprint) {
      throw unprocessable(
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was used for another order; use a new key for a new order.',
      );
    }
    if (stored.created) this.metrics.orderReached('created');
    return { order: stored.order, replayed: !stored.created };
  }
}
