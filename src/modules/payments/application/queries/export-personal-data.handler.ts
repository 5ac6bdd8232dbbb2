import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportPaymentsPersonalData } from '../../../../shared/contracts/payments';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for payments's part of a person's records. */
@QueryHandler(ExportPaymentsPersonalData)
export class ExportPaymentsPersonalDataHandler implements IQueryHandler<
  ExportPaymentsPersonalData,
  PersonalDataSection
> {
  constructor(private readonly data: PersonalDataExport) {}

  execute({ userId }: ExportPaymentsPersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId);
  }
}
