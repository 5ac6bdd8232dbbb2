import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { HoldSettlement } from './hold-settlement';
import { HoldRepository } from './ports/hold-repository';

/**
 * Releases holds past their expiry, on a timer in every instance: each hold in its own
 * transaction, taken with SKIP LOCKED, so instances share the work and never release one twice.
 */
@Injectable()
export class HoldExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Wallet');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly holds: HoldRepository,
    private readonly settlement: HoldSettlement,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.expireDue()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn(`hold expiry failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.config.WALLET_HOLD_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
