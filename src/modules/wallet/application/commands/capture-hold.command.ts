import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { HoldSettlement } from '../hold-settlement';
import type { HoldRecord } from '../ports/hold-repository';
import type { Transfer } from '../ports/transfer-repository';

export class CaptureHold extends Command<{ hold: HoldRecord; transfer: Transfer }> {
  constructor(
    readonly userId: string,
    readonly holdId: string,
    readonly amount: bigint | undefined,
  ) {
    super();
  }
}

/** The payee posts all of a hold, or part of it and the rest goes back to the payer. */
@CommandHandler(CaptureHold)
export class CaptureHoldHandler implements ICommandHandler<CaptureHold, { hold: HoldRecord; transfer: Transfer }> {
  constructor(
    private readonly settlement: HoldSettlement,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ userId, holdId, amount }: CaptureHold): Promise<{ hold: HoldRecord; transfer: Transfer }> {
    return this.unitOfWork.run(async () => {
      const hold = await this.settlement.lockFor(userId, holdId, ['payee']);
      return this.settlement.capture(hold, amount, `user:${userId}`);
    });
  }
}
