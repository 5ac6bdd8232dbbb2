import { EventsHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { type BatchEventHandler, Subscriber } from '../../../../platform/messaging/decorators';
import { TransferCompleted, WalletOpened } from '../../../../shared/contracts/wallet';
import { ContactBook } from '../ports/contact-book';

/**
 * Who owns which account, and who paid whom person to person: the contacts `chooseContact()` offers.
 * A batch of events is two statements at most, however many payments it holds.
 */
@EventsHandler(WalletOpened, TransferCompleted)
@Subscriber({ id: 'runtime.keep-contacts' })
export class KeepContacts implements BatchEventHandler<WalletOpened | TransferCompleted> {
  constructor(
    private readonly contacts: ContactBook,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  handle(event: WalletOpened | TransferCompleted): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: ReadonlyArray<WalletOpened | TransferCompleted>): Promise<void> {
    const accounts = events.flatMap((event) =>
      event instanceof WalletOpened ? [{ accountId: event.payload.accountId, userId: event.payload.userId }] : [],
    );
    const payments = events.flatMap((event) =>
      event instanceof TransferCompleted && event.payload.kind === 'p2p'
        ? [
            {
              fromAccountId: event.payload.debitAccountId,
              toAccountId: event.payload.creditAccountId,
              at: new Date(event.payload.completedAt),
            },
          ]
        : [],
    );
    await this.unitOfWork.run(async () => {
      await this.contacts.keepAccounts(accounts);
      await this.contacts.keepPayments(payments);
    });
  }
}
