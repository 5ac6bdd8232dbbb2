import type { PersonalDataExportQuery, PersonalDataSection } from '../privacy/personal-data-export';

/** Asked by the privacy module for a person's data export: payments's part, without any secret. */
export class ExportPaymentsPersonalData implements PersonalDataExportQuery {
  declare readonly __result?: PersonalDataSection;

  constructor(readonly userId: string) {}
}
