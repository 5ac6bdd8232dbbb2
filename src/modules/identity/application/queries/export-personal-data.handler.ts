import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PersonalDataSection } from '../../../../shared/contracts/privacy';
import { ExportIdentityPersonalData } from '../../../../shared/contracts/identity';
import { PasswordCheck } from '../password-check';
import { PersonalDataExport } from '../ports/personal-data-export';

/** The privacy module's data export asks for identity's part of a person's records. */
@QueryHandler(ExportIdentityPersonalData)
export class ExportIdentityPersonalDataHandler implements IQueryHandler<
  ExportIdentityPersonalData,
  PersonalDataSection
> {
  constructor(
    private readonly data: PersonalDataExport,
    private readonly passwords: PasswordCheck,
  ) {}

  execute({ userId }: ExportIdentityPersonalData): Promise<PersonalDataSection> {
    return this.data.sectionOf(userId, (email) => this.passwords.emailHash(email));
  }
}
