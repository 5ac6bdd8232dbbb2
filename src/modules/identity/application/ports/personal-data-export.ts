import type { PersonalDataSection } from '../../../../shared/contracts/privacy';

/** Identity's records about one person, for their data export: every kind it keeps, never a secret. */
export abstract class PersonalDataExport {
  /** `emailHash`: the key sign-in keeps a failure streak under, for the person's address. */
  abstract sectionOf(userId: string, emailHash: (email: string) => string): Promise<PersonalDataSection>;
}
