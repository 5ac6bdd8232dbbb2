import type { TransferKind } from '../../../../shared/contracts/wallet';

export interface NewTransfer {
  id: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  currency: string;
  reversesId: string | null;
  groupId: string | null;
  holdId: string | null;
  reference: string | null;
  note: string | null;
  initiatedBy: string;
}

export interface Transfer extends NewTransfer {
  createdAt: Date;
}

export interface StatementLine {
  entryId: string;
  accountId: string;
  /** Signed: positive into the account, negative out of it. */
  amount: bigint;
  transfer: Transfer;
}

export interface StatementFilter {
  accountIds: readonly string[];
  from?: Date;
  to?: Date;
  kind?: TransferKind;
  /** Entries older than this entry id (the cursor). */
  before?: string;
  limit: number;
}

export abstract class TransferRepository {
  /** Inserts the transfers and their two entries each (debit negative, credit positive). */
  abstract insert(transfers: readonly NewTransfer[]): Promise<Transfer[]>;
  abstract findById(transferId: string): Promise<Transfer | null>;
  /** The id of the payment into this merchant account under this reference, if any. */
  abstract findPayment(merchantAccountId: string, reference: string): Promise<string | null>;
  /** What refunds have given back of a transfer so far. */
  abstract refundedSoFar(transferId: string): Promise<bigint>;
  /** What left the account by transfers of these kinds since `since`. */
  abstract outgoingSince(accountId: string, since: Date, kinds: readonly TransferKind[]): Promise<bigint>;
  /** `outgoingSince` for many accounts in one statement; accounts with nothing sent are absent. */
  abstract outgoingSinceAll(
    accountIds: readonly string[],
    since: Date,
    kinds: readonly TransferKind[],
  ): Promise<Map<string, bigint>>;
  abstract statement(filter: StatementFilter): Promise<StatementLine[]>;
}
