import { Injectable } from '@nestjs/common';
import { messageContext } from '../../../platform/messaging/message-context';
import { forbidden, notFound, ProblemError } from '../../../shared/kernel/problem';
import { captureAmount, isOpen } from '../domain/hold';
import { Ledger } from './ledger';
import { AccountRepository } from './ports/account-repository';
import { AuditLog } from './ports/audit-log';
import { HoldRepository, type HoldRecord } from './ports/hold-repository';
import type { Transfer } from './ports/transfer-repository';

export type HoldParty = 'payer' | 'payee';

/**
 * Captures, voids and expires holds. Each locks the hold first and then its two accounts (the
 * same order everywhere), releases the whole reservation and, for a capture, posts the amount
 * captured in the same transaction.
 */
@Injectable()
export class HoldSettlement {
  constructor(
    private readonly holds: HoldRepository,
    private readonly accounts: AccountRepository,
    private readonly ledger: Ledger,
    private readonly audit: AuditLog,
  ) {}

  /** The hold, locked, if the user is one of its parties that may act here; else 404 (a stranger) or 403 (the wrong side). */
  async lockFor(userId: string, holdId: string, allowed: readonly HoldParty[]): Promise<HoldRecord> {
    const hold = await this.holds.lock(holdId);
    if (!hold) throw notFound('The hold');
    const [payer, payee] = await Promise.all([
      this.accounts.findById(hold.payerAccountId),
      this.accounts.findById(hold.payeeAccountId),
    ]);
    const side: HoldParty | null = payee?.ownerId === userId ? 'payee' : payer?.ownerId === userId ? 'payer' : null;
    if (!side) throw notFound('The hold');
    if (!allowed.includes(side)) throw forbidden(`Only the ${allowed.join(' or ')} can do this with a hold.`);
    return hold;
  }

  async capture(
    hold: HoldRecord,
    requested: bigint | undefined,
    actor: string,
  ): Promise<{ hold: HoldRecord; transfer: Transfer }> {
    const decision = captureAmount(hold, requested, new Date());
    if ('refusal' in decision) {
      if (decision.refusal === 'exceeds-hold')
        throw new ProblemError(
          422,
          'exceeds-hold',
          'Capture too large',
          `At most ${hold.amount} minor units were reserved.`,
        );
      throw notOpen(hold);
    }
    const [transfer] = await this.ledger.post({
      currency: hold.currency,
      legs: [
        {
          kind: 'hold-capture',
          debit: hold.payerAccountId,
          credit: hold.payeeAccountId,
          amount: decision.amount,
          holdId: hold.id,
        },
      ],
      pendingChanges: release(hold),
      actor,
      action: 'hold.captured',
    });
    return {
      hold: await this.holds.settle(hold.id, {
        status: 'captured',
        capturedAmount: decision.amount,
        captureTransferId: transfer.id,
      }),
      transfer,
    };
  }

  /** Voids an open hold; a hold already past its expiry is released as expired instead. */
  async release(hold: HoldRecord, actor: string, status: 'voided' | 'expired'): Promise<HoldRecord> {
    if (hold.status !== 'pending') throw notOpen(hold);
    const outcome = status === 'voided' && !isOpen(hold, new Date()) ? 'expired' : status;
    await this.ledger.reserve(hold.payerAccountId, hold.payeeAccountId, hold.currency, {
      pendingDebits: -hold.amount,
      pendingCredits: -hold.amount,
    });
    this.audit.append({
      occurredAt: new Date().toISOString(),
      actor,
      action: `hold.${outcome}`,
      subject: hold.id,
      details: {
        payer: hold.payerAccountId,
        payee: hold.payeeAccountId,
        amount: String(hold.amount),
        currency: hold.currency,
      },
      requestId: messageContext.current().correlationId ?? null,
    });
    return this.holds.settle(hold.id, { status: outcome, capturedAmount: null, captureTransferId: null });
  }
}

const release = (hold: HoldRecord) => [
  { accountId: hold.payerAccountId, posted: 0n, pendingDebits: -hold.amount, pendingCredits: 0n },
  { accountId: hold.payeeAccountId, posted: 0n, pendingDebits: 0n, pendingCredits: -hold.amount },
];

const notOpen = (hold: HoldRecord) =>
  new ProblemError(
    409,
    'hold-not-open',
    'Hold not open',
    hold.status === 'pending' ? 'The hold has expired.' : `The hold was already ${hold.status}.`,
  );
