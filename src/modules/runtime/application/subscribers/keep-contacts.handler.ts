import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { TransferCompleted, WalletOpened } from '../../../../shared/contracts/wallet';
import { ContactBook } from '../ports/contact-book';

/** Who owns which account, and who paid whom person to person: the contacts `chooseContact()` offers. */
@EventsHandler(WalletOpened, TransferCompleted)
@Subscriber({ id: 'runtime.keep-contacts' })
export class KeepContacts implements IEventHandler<WalletOpened | TransferCompleted> {
  constructor(
    private readonly contacts: ContactBook,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: WalletOpened | TransferCompleted): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (event instanceof WalletOpened) {
        await this.contacts.keepAccount(event.payload.accountId, event.payload.userId);
      } else if (event.payload.kind === 'p2p') {
        const { debitAccountId, creditAccountId, completedAt } = event.payload;
        await this.contacts.keepPayment(debitAccountId, creditAccountId, new Date(completedAt));
      }
    });
  }
}
