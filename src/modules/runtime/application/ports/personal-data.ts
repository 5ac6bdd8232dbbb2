/** What the runtime holds on one person, as a whole: for an erasure. */
export abstract class RuntimePersonalData {
  /**
   * Deletes every record of the person (profile copy, pairwise ids, launches, consents and their
   * ledger, the access log, login codes, storage, wallet contacts) in the caller's unit of work, and
   * returns the pairwise ids it deleted: the mini-app backends to tell. The person and their wallet
   * accounts are remembered as erased, so that events lagging behind the erasure bring nothing back.
   */
  abstract erase(userId: string, at: Date): Promise<Array<{ miniAppId: string; openid: string }>>;
}
