import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportIdentityPersonalData } from '../../../../shared/contracts/identity';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for identity's part of a person's records. */
@QueryHandler(ExportIdentityPersonalData)
export class ExportIdentityPersonalDataHandler implements IQueryHandler<
  ExportIdentityPersonalData,
  PersonalDataSection
> {
  constructor(private readonly data: PersonalDataExport) {}

  execute({ userId }: ExportIdentityPersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId);
  }
}
