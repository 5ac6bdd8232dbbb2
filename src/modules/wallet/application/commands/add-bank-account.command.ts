import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { newId } from '../../../../shared/kernel/ids';
import { invalid } from '../../../../shared/kernel/problem';
import { checkIban } from '../../domain/iban';
import { type Instrument, InstrumentRepository } from '../ports/instrument-repository';

export class AddBankAccount extends Command<Instrument> {
  constructor(
    readonly ownerId: string,
    readonly iban: string,
    readonly holderName: string,
  ) {
    super();
  }
}

/** Validates the IBAN (country format and check digits) and keeps it masked. */
@CommandHandler(AddBankAccount)
export class AddBankAccountHandler implements ICommandHandler<AddBankAccount, Instrument> {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ ownerId, iban, holderName }: AddBankAccount): Promise<Instrument> {
    const checked = checkIban(iban);
    if (!checked)
      throw invalid('invalid-iban', 'Invalid IBAN', 'The IBAN is not valid; see errors.', [
        { pointer: '#/iban', detail: 'is not a valid IBAN (country format and check digits)' },
      ]);
    return this.unitOfWork.run(() =>
      this.instruments.insert({
        id: newId(),
        ownerId,
        kind: 'bank-account',
        providerToken: null,
        brand: null,
        last4: null,
        expMonth: null,
        expYear: null,
        ibanMasked: checked.masked,
        country: checked.country,
        holderName,
      }),
    );
  }
}
