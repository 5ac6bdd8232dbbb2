import type { PersonalDataExportQuery, PersonalDataSection } from '../privacy/personal-data-export';

/** Asked by the privacy module for a person's data export: runtime's part, without any secret. */
export class ExportRuntimePersonalData implements PersonalDataExportQuery {
  declare readonly __result?: PersonalDataSection;

  constructor(readonly userId: string) {}
}
