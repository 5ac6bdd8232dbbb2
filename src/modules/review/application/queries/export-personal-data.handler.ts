import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportReviewPersonalData } from '../../../../shared/contracts/review';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for review's part of a person's records. */
@QueryHandler(ExportReviewPersonalData)
export class ExportReviewPersonalDataHandler implements IQueryHandler<ExportReviewPersonalData, PersonalDataSection> {
  constructor(private readonly data: PersonalDataExport) {}

  execute({ userId }: ExportReviewPersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId);
  }
}
