import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProblemError } from '../../../../shared/kernel/problem';
import { OpenLaunches } from '../open-launches';
import { AppStorage } from '../ports/app-storage';

export class RemoveStorage extends Command<void> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly key: string,
  ) {
    super();
  }
}

@CommandHandler(RemoveStorage)
export class RemoveStorageHandler implements ICommandHandler<RemoveStorage, void> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly storage: AppStorage,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, launchId, key }: RemoveStorage): Promise<void> {
    const { app } = await this.openLaunches.require(userId, launchId);
    if (!(await this.unitOfWork.run(() => this.storage.remove(userId, app.miniAppId, key))))
      throw new ProblemError(404, 'storage-key-not-found', 'Not found', 'No value is stored under this key.');
  }
}
