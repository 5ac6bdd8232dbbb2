import { AsyncResource } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { messageContext } from '../../../platform/messaging/message-context';
import { type Answer, type Claim, Idempotency } from '../../../platform/idempotency/idempotency';
import { ProblemError } from '../../../shared/kernel/problem';
import type { Account } from '../domain/account';
import { nothingToSendFrom, sendingToYourself } from './commands/send-money.command';
import { Currencies } from './currencies';
import { type AdmittedPosting, Ledger } from './ledger';
import { AccountRepository } from './ports/account-repository';
import type { Transfer } from './ports/transfer-repository';
import { WalletMetrics } from './ports/wallet-metrics';
import { SpendingGuard } from './spending-guard';

/** A person-to-person transfer as a request asked for it, under its Idempotency-Key. */
export interface TransferOrder {
  claim: Claim;
  senderId: string;
  recipientId: string;
  amount: bigint;
  currency: string;
  note: string | null;
  requestId: string | null;
}

/** How the caller's protocol answers an outcome, to be kept under the key; null for a refusal not kept (the caller can correct it). */
export type Rendering = (outcome: Transfer | ProblemError) => Answer | null;

/**
 * The order's answer (first or replayed), a refusal not kept under the key, or `alone`: it needs
 * what a batch does not do (opening the recipient's account), so it runs by itself.
 */
export type BatchOutcome =
  { kind: 'answer'; replayed: boolean; answer: Answer } | { kind: 'refused'; error: ProblemError } | { kind: 'alone' };

interface Waiting {
  order: TransferOrder;
  render: Rendering;
  resolve: (outcome: BatchOutcome) => void;
}

/** Enough to amortize a transaction, few enough that a batch stays a few milliseconds long. */
const MAX_BATCH = 64;
/**
 * Batches written at once. One: measured on 2 cores, a second batch in flight only splits the same
 * transfers into smaller batches (the event loop, not PostgreSQL, is the limit).
 */
const MAX_IN_FLIGHT = 1;
/** An account locked elsewhere for longer than this makes the batch give up; its orders then run alone, and only theirs wait. */
const LOCK_TIMEOUT_MS = 2_000;

/**
 * Group commit for person-to-person transfers, as TigerBeetle batches: orders that arrive while a
 * batch is being written wait for the next one, and each batch is one transaction of about ten
 * statements, however many transfers it holds. Every guarantee of a transfer on its own holds:
 * the keys are taken and their answers stored in the batch's transaction, the accounts are locked
 * in id order, each transfer is checked (limits, balance) against the balances the earlier ones
 * left, a refused one writes nothing, and each accepted one has its entries, audit record and
 * event. If the batch's transaction fails as a whole (a deadlock, a key answered in the meantime),
 * nothing of it stays and every order runs again by itself.
 */
@Injectable()
export class TransferBatcher {
  private readonly logger = new Logger('TransferBatcher');
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  /** Batches run in the context the batcher was made in, not in the request that happened to start them (its trace, its logger). */
  private readonly root = new AsyncResource('TransferBatcher');

  constructor(
    private readonly idempotency: Idempotency,
    private readonly accounts: AccountRepository,
    private readonly ledger: Ledger,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly metrics: WalletMetrics,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  submit(order: TransferOrder, render: Rendering): Promise<BatchOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ order, render, resolve });
      this.pump();
    });
  }

  /** Starts batches while fewer than MAX_IN_FLIGHT run; what arrives meanwhile waits for the next one. */
  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
      this.inFlight++;
      const batch = this.queue.splice(0, MAX_BATCH);
      void this.root
        .runInAsyncScope(() => this.settle(batch))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async settle(batch: Waiting[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await messageContext.run({ module: 'wallet' }, () =>
        this.unitOfWork.run(() => this.write(batch), { lockTimeoutMs: LOCK_TIMEOUT_MS }),
      );
    } catch (error) {
      this.logger.warn(
        `a batch of ${batch.length} transfers rolled back (${(error as Error).message}); each runs again by itself`,
      );
      outcomes = batch.map(() => ({ kind: 'alone' }));
    }
    batch.forEach((waiting, i) => waiting.resolve(outcomes[i]));
  }

  private async write(batch: Waiting[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = new Array(batch.length);
    const toKeep: Array<{ claim: Claim; answer: Answer }> = [];
    const answer = (i: number, outcome: Transfer | ProblemError) => {
      const rendered = batch[i].render(outcome);
      if (!rendered) return refuse(i, outcome as ProblemError);
      outcomes[i] = { kind: 'answer', replayed: false, answer: rendered };
      toKeep.push({ claim: batch[i].order.claim, answer: rendered });
    };
    const refuse = (i: number, problem: ProblemError) => {
      outcomes[i] = { kind: 'refused', error: problem };
    };

    const fresh = await this.takeKeys(batch, outcomes, refuse);
    const runnable = fresh.filter((i) => {
      const refused = this.invalid(batch[i].order);
      if (refused) answer(i, refused);
      return !refused;
    });
    if (!runnable.length) {
      await this.idempotency.keepAll(toKeep);
      return outcomes;
    }
    const byOwner = await this.lockAccounts(runnable.map((i) => batch[i].order));
    const sent = await this.limits.sentToday([...byOwner.values()].map((account) => account.id));
    const locked = new Map([...byOwner.values()].map((account) => [account.id, account]));

    const admitted: Array<{ i: number; posting: AdmittedPosting }> = [];
    for (const i of runnable) {
      const { senderId, recipientId, amount, currency, note, requestId } = batch[i].order;
      const source = byOwner.get(ownerKey(senderId, currency));
      const target = byOwner.get(ownerKey(recipientId, currency));
      if (!source) {
        answer(i, nothingToSendFrom(currency));
        continue;
      }
      if (!target) {
        outcomes[i] = { kind: 'alone' };
        continue;
      }
      const overLimit = this.limits.refusal(locked.get(source.id)!, amount, sent.get(source.id) ?? 0n);
      if (overLimit) {
        answer(i, overLimit);
        continue;
      }
      const posting = this.ledger.admit(
        {
          currency,
          legs: [{ kind: 'p2p', debit: source.id, credit: target.id, amount }],
          actor: `user:${senderId}`,
          action: 'transfer.p2p',
          note,
          requestId,
        },
        locked,
      );
      if (posting instanceof ProblemError) {
        this.metrics.transfer('p2p', 'refused', 0);
        answer(i, posting);
        continue;
      }
      sent.set(source.id, (sent.get(source.id) ?? 0n) + amount);
      admitted.push({ i, posting });
    }

    const written = await this.ledger.write(admitted.map((a) => a.posting));
    admitted.forEach(({ i }, n) => answer(i, written[n][0]));
    await this.idempotency.keepAll(toKeep);
    return outcomes;
  }

  /** Takes every order's key; returns the orders to run. The others get their kept answer, 409 or 422. */
  private async takeKeys(
    batch: Waiting[],
    outcomes: BatchOutcome[],
    refuse: (i: number, problem: ProblemError) => void,
  ): Promise<number[]> {
    const claimed = await this.idempotency.claimAll(batch.map(({ order }) => order.claim));
    const fresh: number[] = [];
    claimed.forEach((claim, i) => {
      if (claim.kind === 'refused') refuse(i, claim.problem);
      else if (claim.kind === 'replay') outcomes[i] = { kind: 'answer', replayed: true, answer: claim.answer };
      else fresh.push(i);
    });
    return fresh;
  }

  /** The checks SendMoney makes before it locks anything, in its order. */
  private invalid({ senderId, recipientId, currency }: TransferOrder): ProblemError | null {
    try {
      this.currencies.require(currency);
    } catch (error) {
      if (error instanceof ProblemError) return error;
      throw error;
    }
    return senderId === recipientId ? sendingToYourself() : null;
  }

  /** The senders' and recipients' accounts, locked (in id order, per currency), keyed by owner and currency. */
  private async lockAccounts(orders: TransferOrder[]): Promise<Map<string, Account>> {
    const usersByCurrency = new Map<string, string[]>();
    for (const { senderId, recipientId, currency } of orders)
      usersByCurrency.set(currency, [...(usersByCurrency.get(currency) ?? []), senderId, recipientId]);
    const byOwner = new Map<string, Account>();
    for (const [currency, userIds] of [...usersByCurrency].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [ownerId, account] of await this.accounts.lockUserAccounts(userIds, currency))
        byOwner.set(ownerKey(ownerId, currency), account);
    }
    return byOwner;
  }
}

const ownerKey = (userId: string, currency: string) => `${userId}:${currency}`;
