import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { HoldSettlement } from '../hold-settlement';
import type { HoldRecord } from '../ports/hold-repository';

export class VoidHold extends Command<HoldRecord> {
  constructor(
    readonly userId: string,
    readonly holdId: string,
  ) {
    super();
  }
}

/** Either side gives the reservation up: the payer's money is available again. */
@CommandHandler(VoidHold)
export class VoidHoldHandler implements ICommandHandler<VoidHold, HoldRecord> {
  constructor(
    private readonly settlement: HoldSettlement,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ userId, holdId }: VoidHold): Promise<HoldRecord> {
    return this.unitOfWork.run(async () =>
      this.settlement.release(
        await this.settlement.lockFor(userId, holdId, ['payer', 'payee']),
        `user:${userId}`,
        'voided',
      ),
    );
  }
}
