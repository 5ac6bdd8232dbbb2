/** One way the books disagree with themselves. */
export interface Discrepancy {
  check:
    | 'currency-balance'
    | 'transfer-entries'
    | 'posted-balance'
    | 'pending-balance'
    | 'negative-stored-value'
    | 'audit-chain'
    | 'audit-unsealed';
  /** The currency, transfer, account or audit record concerned. */
  subject: string;
  detail: string;
}

/** Read-only checks of the ledger, each run inside the caller's (repeatable-read) unit of work. */
export abstract class LedgerChecks {
  abstract counts(): Promise<{ accounts: number; transfers: number; entries: number }>;
  /** Σ entries per currency must be zero: money is neither created nor destroyed. */
  abstract unbalancedCurrencies(): Promise<Discrepancy[]>;
  /** Each transfer has one debit and one credit entry of its amount. */
  abstract malformedTransfers(): Promise<Discrepancy[]>;
  /** Every entry is on an account that exists, in that account's currency. */
  abstract strayEntries(): Promise<Discrepancy[]>;
  /** Each account's cached posted balance equals Σ of its entries; its pending balances, its open holds. */
  abstract driftedBalances(): Promise<Discrepancy[]>;
}
