import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportRuntimePersonalData } from '../../../../shared/contracts/runtime';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for runtime's part of a person's records. */
@QueryHandler(ExportRuntimePersonalData)
export class ExportRuntimePersonalDataHandler implements IQueryHandler<ExportRuntimePersonalData, PersonalDataSection> {
  constructor(private readonly data: PersonalDataExport) {}

  execute({ userId }: ExportRuntimePersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId);
  }
}
