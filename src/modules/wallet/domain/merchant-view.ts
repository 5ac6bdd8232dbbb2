/**
 * What the owner of a merchant account sees of the people who pay into it: never their wallet account
 * id. An account id is one per person across every mini-app, so showing it would let developers link
 * the users of their mini-apps (the THEFT attack); the mini-app knows its payer by order and openid.
 */
export class MerchantView {
  static readonly NONE = new MerchantView(new Set());

  constructor(private readonly merchantAccountIds: ReadonlySet<string>) {}

  /** `accountId`, or null when the viewer sees it from a merchant account of theirs on the other side. */
  party(accountId: string, otherSide: string): string | null {
    return this.merchantAccountIds.has(otherSide) && !this.merchantAccountIds.has(accountId) ? null : accountId;
  }
}
