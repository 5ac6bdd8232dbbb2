import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../../shared/kernel/problem';
import { OpenLaunches } from '../open-launches';
import { AppStorage } from '../ports/app-storage';

export class ReadStorage extends Query<unknown> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly key: string,
  ) {
    super();
  }
}

@QueryHandler(ReadStorage)
export class ReadStorageHandler implements IQueryHandler<ReadStorage, unknown> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly storage: AppStorage,
  ) {}

  async execute({ userId, launchId, key }: ReadStorage): Promise<unknown> {
    const { app } = await this.openLaunches.require(userId, launchId);
    const value = await this.storage.get(userId, app.miniAppId, key);
    if (value === undefined)
      throw new ProblemError(404, 'storage-key-not-found', 'Not found', 'No value is stored under this key.');
    return value;
  }
}
