import type { PersonalDataExportQuery, PersonalDataSection } from '../privacy/personal-data-export';

/** Asked by the privacy module for a person's data export: identity's part, without any secret. */
export class ExportIdentityPersonalData implements PersonalDataExportQuery {
  declare readonly __result?: PersonalDataSection;

  constructor(readonly userId: string) {}
}
