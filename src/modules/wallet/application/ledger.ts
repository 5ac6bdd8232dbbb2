import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { messageContext } from '../../../platform/messaging/message-context';
import { TransferCompleted, type TransferKind } from '../../../shared/contracts/wallet';
import { newId } from '../../../shared/kernel/ids';
import { ProblemError } from '../../../shared/kernel/problem';
import { type Account, available } from '../domain/account';
import { planPosting, type PostingRefusal } from '../domain/posting';
import { AccountRepository, type BalanceChange } from './ports/account-repository';
import { AuditLog } from './ports/audit-log';
import { type NewTransfer, type Transfer, TransferRepository } from './ports/transfer-repository';
import { WalletMetrics } from './ports/wallet-metrics';

export interface PostingLeg {
  kind: TransferKind;
  debit: string;
  credit: string;
  amount: bigint;
  reversesId?: string;
  holdId?: string;
}

/** A posting checked against the locked balances, with what it will write. */
export interface AdmittedPosting {
  posting: Posting;
  changes: BalanceChange[];
  transfers: NewTransfer[];
}

export interface Posting {
  currency: string;
  legs: readonly PostingLeg[];
  /** `user:<id>`, `module:<name>` or `system:<job>`: kept on the transfers and in the audit log. */
  actor: string;
  /** The audit log's name for this movement, e.g. `transfer.p2p`. */
  action: string;
  reference?: string | null;
  note?: string | null;
  /** Changes to pending balances that take effect with the posting (a capture releases its hold). */
  pendingChanges?: readonly BalanceChange[];
  /** More accounts to lock with the legs' (a hold's payee when nothing is posted to it). */
  alsoLock?: readonly string[];
  /** The request that asked for it, when it is not the current one (postings of several requests written together). */
  requestId?: string | null;
  /** The accounts, when the caller locked them already in this unit of work (read under that lock, unchanged since). */
  locked?: ReadonlyMap<string, Account>;
}

/**
 * The only way money moves. Inside the caller's unit of work it locks every account involved
 * (in id order, so two postings never deadlock), checks the legs against the locked balances,
 * writes the transfers with their entries and the new cached balances together, appends one
 * audit record and publishes `wallet.transfer-completed` per transfer through the outbox.
 * All legs post or none do.
 */
@Injectable()
export class Ledger {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
    private readonly audit: AuditLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
    private readonly metrics: WalletMetrics,
  ) {}

  /** Locks the accounts for the rest of the unit of work; a missing one is reported as `missing`. */
  async lock(accountIds: readonly string[], missing: () => ProblemError): Promise<Map<string, Account>> {
    const locked = await this.accounts.lock(accountIds);
    if (accountIds.some((id) => !locked.has(id))) throw missing();
    return locked;
  }

  async post(posting: Posting): Promise<Transfer[]> {
    const kind = posting.legs[0].kind;
    try {
      return await this.unitOfWork.run(async () => {
        const ids = [...posting.legs.flatMap((leg) => [leg.debit, leg.credit]), ...(posting.alsoLock ?? [])];
        const locked = ids.every((id) => posting.locked?.has(id))
          ? new Map([...posting.locked!].map(([id, account]) => [id, { ...account }]))
          : await this.lock(
              ids,
              () =>
                new ProblemError(
                  404,
                  'account-not-found',
                  'Account not found',
                  'An account of this movement does not exist.',
                ),
            );
        const admitted = this.admit(posting, locked);
        if (admitted instanceof ProblemError) throw admitted;
        const [transfers] = await this.write([admitted]);
        return transfers;
      });
    } catch (error) {
      if (error instanceof ProblemError) this.metrics.transfer(kind, 'refused', 0);
      throw error;
    }
  }

  /**
   * Checks one posting against accounts locked in this unit of work, as earlier admitted postings
   * left them. If it fits, its changes are applied to `locked` and it is returned ready to write;
   * otherwise its refusal (and `locked` is unchanged).
   */
  admit(posting: Posting, locked: Map<string, Account>): AdmittedPosting | ProblemError {
    const ids = [
      ...posting.legs.flatMap((leg) => [leg.debit, leg.credit]),
      ...(posting.pendingChanges ?? []).map((c) => c.accountId),
    ];
    const view = new Map(ids.map((id) => [id, copyOf(locked, id)]));
    for (const change of posting.pendingChanges ?? [])
      applyChange(view.get(change.accountId)!, { ...change, posted: 0n });
    const plan = planPosting(view, posting.currency, posting.legs);
    if (!('deltas' in plan)) return refusal(plan);
    const changes = mergeChanges(plan.deltas, posting.pendingChanges ?? []);
    for (const change of changes) applyChange(locked.get(change.accountId)!, change);
    const groupId = posting.legs.length > 1 ? newId() : null;
    return { posting, changes, transfers: posting.legs.map((leg) => this.newTransfer(leg, posting, groupId)) };
  }

  /**
   * Writes admitted postings: transfers with their entries, balances, audit records and events
   * take one statement each, however many postings there are. Returns each posting's transfers.
   */
  async write(admitted: readonly AdmittedPosting[]): Promise<Transfer[][]> {
    if (!admitted.length) return [];
    const started = performance.now();
    const written = new Map(
      (await this.transfers.insert(admitted.flatMap((a) => a.transfers))).map((transfer) => [transfer.id, transfer]),
    );
    await this.accounts.applyChanges(admitted.flatMap((a) => a.changes));
    return admitted.map(({ posting, transfers }) => {
      const done = transfers.map((t) => written.get(t.id)!);
      this.record(posting, done);
      const kind = posting.legs[0].kind;
      this.unitOfWork.afterCommit(() => this.metrics.transfer(kind, 'completed', (performance.now() - started) / 1000));
      return done;
    });
  }

  /** Changes pending balances only (a hold placed, voided or expired), after checking the payer can cover a reservation. */
  async reserve(
    payerAccountId: string,
    payeeAccountId: string,
    currency: string,
    change: { pendingDebits: bigint; pendingCredits: bigint },
  ): Promise<void> {
    const locked = await this.lock(
      [payerAccountId, payeeAccountId],
      () => new ProblemError(404, 'account-not-found', 'Account not found', 'The payee account does not exist.'),
    );
    for (const account of locked.values()) {
      if (account.currency !== currency) throw refusal({ reason: 'currency-mismatch', accountId: account.id });
      if (account.closed) throw refusal({ reason: 'account-closed', accountId: account.id });
    }
    const payer = locked.get(payerAccountId)!;
    if (change.pendingDebits > 0n && available(payer.balance) < change.pendingDebits)
      throw refusal({ reason: 'insufficient-funds', accountId: payer.id });
    await this.accounts.applyChanges([
      { accountId: payerAccountId, posted: 0n, pendingDebits: change.pendingDebits, pendingCredits: 0n },
      { accountId: payeeAccountId, posted: 0n, pendingDebits: 0n, pendingCredits: change.pendingCredits },
    ]);
  }

  private newTransfer(leg: PostingLeg, posting: Posting, groupId: string | null): NewTransfer {
    return {
      id: newId(),
      kind: leg.kind,
      debitAccountId: leg.debit,
      creditAccountId: leg.credit,
      amount: leg.amount,
      currency: posting.currency,
      reversesId: leg.reversesId ?? null,
      groupId,
      holdId: leg.holdId ?? null,
      reference: posting.reference ?? null,
      note: posting.note ?? null,
      initiatedBy: posting.actor,
    };
  }

  private record(posting: Posting, transfers: readonly Transfer[]): void {
    this.audit.append({
      occurredAt: new Date().toISOString(),
      actor: posting.actor,
      action: posting.action,
      subject: transfers.map((t) => t.id).join(','),
      details: {
        currency: posting.currency,
        legs: transfers.map((t) => ({
          transferId: t.id,
          kind: t.kind,
          debit: t.debitAccountId,
          credit: t.creditAccountId,
          amount: String(t.amount),
        })),
      },
      requestId: posting.requestId ?? messageContext.current().correlationId ?? null,
    });
    if (posting.requestId) {
      messageContext.run({ correlationId: posting.requestId, causationId: posting.requestId }, () =>
        this.announce(transfers),
      );
    } else {
      this.announce(transfers);
    }
  }

  private announce(transfers: readonly Transfer[]): void {
    for (const t of transfers) {
      void this.eventBus.publish(
        new TransferCompleted({
          transferId: t.id,
          kind: t.kind,
          debitAccountId: t.debitAccountId,
          creditAccountId: t.creditAccountId,
          amount: Number(t.amount),
          currency: t.currency,
          reversesTransferId: t.reversesId,
          completedAt: t.createdAt.toISOString(),
        }),
      );
    }
  }
}

function copyOf(locked: ReadonlyMap<string, Account>, accountId: string): Account {
  const account = locked.get(accountId);
  if (!account) throw new Error(`account ${accountId} was not locked for this posting`);
  return { ...account, balance: { ...account.balance } };
}

function applyChange(account: Account, change: BalanceChange): void {
  account.balance = {
    posted: account.balance.posted + change.posted,
    pendingDebits: account.balance.pendingDebits + change.pendingDebits,
    pendingCredits: account.balance.pendingCredits + change.pendingCredits,
  };
}

function mergeChanges(deltas: ReadonlyMap<string, bigint>, pending: readonly BalanceChange[]): BalanceChange[] {
  const changes = new Map<string, BalanceChange>();
  const at = (accountId: string) =>
    changes.get(accountId) ??
    changes.set(accountId, { accountId, posted: 0n, pendingDebits: 0n, pendingCredits: 0n }).get(accountId)!;
  for (const [accountId, posted] of deltas) at(accountId).posted += posted;
  for (const change of pending) {
    at(change.accountId).pendingDebits += change.pendingDebits;
    at(change.accountId).pendingCredits += change.pendingCredits;
  }
  return [...changes.values()];
}

/** A refused posting as the caller sees it; another user's account is never named. */
export function refusal(refused: PostingRefusal): ProblemError {
  switch (refused.reason) {
    case 'insufficient-funds':
      return new ProblemError(
        422,
        'insufficient-funds',
        'Insufficient funds',
        'The paying account has not enough available money for this movement.',
      );
    case 'currency-mismatch':
      // The other account's currency is not named: a stranger's account must not be probed this way.
      return new ProblemError(
        422,
        'currency-mismatch',
        'Currency mismatch',
        "The movement's currency differs from an account's.",
      );
    case 'account-closed':
      return new ProblemError(422, 'account-closed', 'Account closed', 'An account of this movement is closed.');
    case 'same-account':
      return new ProblemError(422, 'same-account', 'Same account', 'Money cannot move from an account to itself.');
  }
}
