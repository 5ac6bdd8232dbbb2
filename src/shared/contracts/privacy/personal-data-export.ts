/**
 * One module's part of a person's data export (GDPR Art. 15 and 20): its records about the person,
 * by kind (`profile`, `sessions`, `orders`…), as plain JSON. Never a secret: no password, token,
 * code or provider-token hash, and nothing of another person beyond the ids the person already sees.
 */
export type PersonalDataSection = Readonly<Record<string, unknown>>;

/** What every module's export query carries: whose data. */
export interface PersonalDataExportQuery {
  readonly userId: string;
  /** Only for the compiler: what `QueryBus.execute` resolves to. */
  readonly __result?: PersonalDataSection;
}
