import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { notFound } from '../../../../shared/kernel/problem';
import { InstrumentRepository } from '../ports/instrument-repository';

export class RemoveInstrument extends Command<void> {
  constructor(
    readonly ownerId: string,
    readonly instrumentId: string,
  ) {
    super();
  }
}

@CommandHandler(RemoveInstrument)
export class RemoveInstrumentHandler implements ICommandHandler<RemoveInstrument, void> {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ ownerId, instrumentId }: RemoveInstrument): Promise<void> {
    const removed = await this.unitOfWork.run(() => this.instruments.remove(ownerId, instrumentId));
    if (!removed) throw notFound('The instrument');
  }
}
