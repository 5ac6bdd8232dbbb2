import type { PersonalDataSection } from '../../../../shared/contracts/privacy';

/** Wallet's records about one person, for their data export: every kind it keeps, never a secret. */
export abstract class PersonalDataExport {
  abstract sectionOf(userId: string): Promise<PersonalDataSection>;
}
