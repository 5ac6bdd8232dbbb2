import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportWalletPersonalData } from '../../../../shared/contracts/wallet';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for wallet's part of a person's records. */
@QueryHandler(ExportWalletPersonalData)
export class ExportWalletPersonalDataHandler implements IQueryHandler<ExportWalletPersonalData, PersonalDataSection> {
  constructor(private readonly data: PersonalDataExport) {}

  execute({ userId }: ExportWalletPersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId);
  }
}
