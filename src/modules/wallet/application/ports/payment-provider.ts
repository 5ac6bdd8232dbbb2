import type { CheckedCard } from '../../domain/card';

export type DeclineReason = 'card-declined' | 'card-insufficient-funds' | 'card-expired';

export type ChargeOutcome = { status: 'succeeded'; chargeId: string } | { status: 'declined'; reason: DeclineReason };

/** The acquirer: it keeps the card, we keep its token. */
export abstract class PaymentProvider {
  /** Hands the card to the provider once; only the returned token is kept. */
  abstract tokenizeCard(card: CheckedCard): Promise<{ token: string }>;
  /** Charges a tokenized card or debits a bank account; `idempotencyKey` makes a retried charge the same charge. */
  abstract charge(request: {
    token: string | null;
    amount: bigint;
    currency: string;
    idempotencyKey: string;
  }): Promise<ChargeOutcome>;
}
