import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { messageContext } from '../../../../platform/messaging/message-context';
import { newId } from '../../../../shared/kernel/ids';
import { invalid } from '../../../../shared/kernel/problem';
import { type CardInput, checkCard } from '../../domain/card';
import { AuditLog } from '../ports/audit-log';
import { type Instrument, InstrumentRepository } from '../ports/instrument-repository';
import { PaymentProvider } from '../ports/payment-provider';

export class AddCard extends Command<Instrument> {
  constructor(
    readonly ownerId: string,
    readonly card: CardInput,
    readonly holderName: string | null,
  ) {
    super();
  }
}

/** Checks the card, hands it to the provider once and keeps only the token, brand, last four and expiry. */
@CommandHandler(AddCard)
export class AddCardHandler implements ICommandHandler<AddCard, Instrument> {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly provider: PaymentProvider,
    private readonly audit: AuditLog,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ ownerId, card, holderName }: AddCard): Promise<Instrument> {
    const checked = checkCard(card, new Date());
    if ('errors' in checked)
      throw invalid('invalid-card', 'Invalid card', 'The card details are not valid; see errors.', checked.errors);
    const { token } = await this.provider.tokenizeCard(checked.card);
    return this.unitOfWork.run(async () => {
      const instrument = await this.instruments.insert({
        id: newId(),
        ownerId,
        kind: 'card',
        providerToken: token,
        brand: checked.card.brand,
        last4: checked.card.last4,
        expMonth: checked.card.expMonth,
        expYear: checked.card.expYear,
        ibanMasked: null,
        country: null,
        holderName,
      });
      this.audit.append({
        occurredAt: new Date().toISOString(),
        actor: `user:${ownerId}`,
        action: 'instrument.card-added',
        subject: instrument.id,
        details: { brand: checked.card.brand, last4: checked.card.last4 },
        requestId: messageContext.current().correlationId ?? null,
      });
      return instrument;
    });
  }
}
