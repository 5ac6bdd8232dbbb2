import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import type { TransferKind } from '../../../shared/contracts/wallet';
import { toMinorUnits } from '../../../shared/kernel/money';
import { ProblemError } from '../../../shared/kernel/problem';
import type { Account } from '../domain/account';
import { checkSpending } from '../domain/spending-limits';
import { TransferRepository } from './ports/transfer-repository';

/** Money a user sends on: what the daily limit counts (top-ups bring money in and are not counted). */
const OUTGOING: readonly TransferKind[] = ['p2p', 'payment', 'hold-capture'];
const DAY_MS = 86_400_000;

/** The per-transaction and rolling 24-hour limits of a user's outgoing money (configured in major units). */
@Injectable()
export class SpendingGuard {
  constructor(
    private readonly transfers: TransferRepository,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Refuses a single movement over the per-transaction limit (top-ups included). */
  checkSingle(amount: bigint, currency: string): void {
    const max = BigInt(toMinorUnits(this.config.WALLET_TRANSACTION_LIMIT, currency));
    if (amount > max) throw limitExceeded(`One movement may take at most ${max} minor units of ${currency}.`);
  }

  /**
   * Refuses an outgoing amount over either limit. Call it with the payer's account locked:
   * then two concurrent payments cannot both fit under the same remaining allowance.
   */
  async checkOutgoing(payer: Account, amount: bigint): Promise<void> {
    const sent = await this.transfers.outgoingSince(payer.id, this.dayAgo(), OUTGOING);
    const refused = this.refusal(payer, amount, sent);
    if (refused) throw refused;
  }

  /** What the payers' accounts sent in the last 24 hours, in one query (for checking many payments at once). */
  sentToday(accountIds: readonly string[]): Promise<Map<string, bigint>> {
    return this.transfers.outgoingSinceAll(accountIds, this.dayAgo(), OUTGOING);
  }

  /** The refusal of `amount` from `payer`, who has sent `sent` in the last 24 hours (its open holds are added here), or null. */
  refusal(payer: Account, amount: bigint, sent: bigint): ProblemError | null {
    const limits = {
      perTransaction: BigInt(toMinorUnits(this.config.WALLET_TRANSACTION_LIMIT, payer.currency)),
      daily: BigInt(toMinorUnits(this.config.WALLET_DAILY_LIMIT, payer.currency)),
    };
    const refused = checkSpending(amount, sent + payer.balance.pendingDebits, limits);
    if (!refused) return null;
    return limitExceeded(
      refused.limit === 'per-transaction'
        ? `One movement may take at most ${refused.max} minor units of ${payer.currency}.`
        : `This would exceed the daily limit; ${refused.remaining} minor units of ${payer.currency} are left for the next 24 hours.`,
    );
  }

  private dayAgo(): Date {
    return new Date(Date.now() - DAY_MS);
  }
}

const limitExceeded = (detail: string) => new ProblemError(422, 'limit-exceeded', 'Limit exceeded', detail);
