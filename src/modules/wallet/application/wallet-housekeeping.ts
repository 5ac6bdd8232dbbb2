import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { HoldSettlement } from './hold-settlement';
import { HoldRepository } from './ports/hold-repository';
import { IdempotencyStore } from './ports/idempotency-store';

const PRUNE_EVERY_MS = 60_000;

/**
 * The wallet's timers, in every instance. Releases holds past their expiry: each hold in its own
 * transaction, taken with SKIP LOCKED, so instances share the work and never release one twice.
 * Once a minute, forgets idempotency keys older than WALLET_IDEMPOTENCY_RETENTION_HOURS.
 */
@Injectable()
export class WalletHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask('wallet housekeeping', () => this.tick(), new Logger('Wallet'));
  private lastPrune = 0;

  constructor(
    private readonly holds: HoldRepository,
    private readonly settlement: HoldSettlement,
    private readonly idempotencyKeys: IdempotencyStore,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.WALLET_HOLD_SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async tick(): Promise<void> {
    await this.expireDue();
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.unitOfWork.run(() => this.idempotencyKeys.pruneOlderThan(new Date(Date.now() - this.config.WALLET_IDEMPOTENCY_RETENTION_HOURS * 3_600_000)));
  }

  /** Releases due holds, up to a batch; returns how many. */
  async expireDue(batch = 100): Promise<number> {
    let released = 0;
    for (let i = 0; i < batch; i++) {
      const done = await this.unitOfWork.run(async () => {
        const [holdId] = await this.holds.lockExpired(new Date(), 1);
        if (!holdId) return false;
        await this.settlement.release((await this.holds.lock(holdId))!, 'system:hold-expiry', 'expired');
        return true;
      });
      if (!done) break;
      released++;
    }
    return released;
  }
}
