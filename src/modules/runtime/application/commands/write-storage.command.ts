import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { ProblemError } from '../../../../shared/kernel/problem';
import { type QuotaBreach, STORAGE_QUOTA } from '../../domain/storage-quota';
import { OpenLaunches } from '../open-launches';
import { AppStorage } from '../ports/app-storage';

export class WriteStorage extends Command<void> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly key: string,
    readonly value: unknown,
  ) {
    super();
  }
}

const REFUSAL: Record<QuotaBreach, () => ProblemError> = {
  'value-too-large': () =>
    new ProblemError(
      413,
      'storage-value-too-large',
      'Value too large',
      `A value may take at most ${STORAGE_QUOTA.maxValueBytes} bytes as JSON.`,
      [{ pointer: '#/value', detail: 'is too large' }],
    ),
  'too-many-keys': () =>
    new ProblemError(
      422,
      'storage-too-many-keys',
      'Too many keys',
      `A mini-app may keep at most ${STORAGE_QUOTA.maxKeys} keys per user; remove one first.`,
    ),
  'storage-full': () =>
    new ProblemError(
      422,
      'storage-full',
      'Storage full',
      `A mini-app may keep at most ${STORAGE_QUOTA.maxTotalBytes} bytes per user; remove something first.`,
    ),
};

/** `superapp.storage.set(key, value)`: per user × mini-app, within the quota (413 for one value too large, 422 past the keys or bytes). */
@CommandHandler(WriteStorage)
export class WriteStorageHandler implements ICommandHandler<WriteStorage, void> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly storage: AppStorage,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, launchId, key, value }: WriteStorage): Promise<void> {
    const { app } = await this.openLaunches.require(userId, launchId);
    const json = JSON.stringify(value);
    const breach = await this.unitOfWork.run(() =>
      this.storage.put(userId, app.miniAppId, key, json, this.clock.now()),
    );
    if (breach) throw REFUSAL[breach]();
  }
}
