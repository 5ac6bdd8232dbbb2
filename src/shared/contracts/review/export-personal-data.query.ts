import type { PersonalDataExportQuery, PersonalDataSection } from '../privacy/personal-data-export';

/** Asked by the privacy module for a person's data export: review's part, without any secret. */
export class ExportReviewPersonalData implements PersonalDataExportQuery {
  declare readonly __result?: PersonalDataSection;

  constructor(readonly userId: string) {}
}
