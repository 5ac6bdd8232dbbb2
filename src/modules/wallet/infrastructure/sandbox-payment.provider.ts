import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CheckedCard } from '../domain/card';
import { type ChargeOutcome, type DeclineReason, PaymentProvider } from '../application/ports/payment-provider';

/** Stripe's well-known test numbers and what a charge on each does; any other valid card succeeds. */
const TEST_CARDS: Record<string, DeclineReason> = {
  '4000000000000002': 'card-declined',
  '4000000000009995': 'card-insufficient-funds',
  '4000000000000069': 'card-expired',
};

/**
 * A card acquirer's test mode, in process: the outcome of later charges is decided when the card
 * is tokenized and travels inside the token (as Stripe's `tok_chargeDeclined` test tokens do),
 * so the sandbox keeps no card data and every instance agrees. Bank accounts always pay. As at a
 * real acquirer, a charge repeated with the same idempotency key is the same charge (same id).
 */
@Injectable()
export class SandboxPaymentProvider extends PaymentProvider {
  async tokenizeCard(card: CheckedCard): Promise<{ token: string }> {
    const outcome = TEST_CARDS[card.digits] ?? 'succeeds';
    return { token: `tok_sandbox_${outcome}_${randomBytes(12).toString('hex')}` };
  }

  async charge({
    token,
    idempotencyKey,
  }: {
    token: string | null;
    amount: bigint;
    currency: string;
    idempotencyKey: string;
  }): Promise<ChargeOutcome> {
    const decline = Object.values(TEST_CARDS).find((reason) => token?.startsWith(`tok_sandbox_${reason}_`));
    if (decline) return { status: 'declined', reason: decline };
    return {
      status: 'succeeded',
      chargeId: `ch_sandbox_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`,
    };
  }
}
