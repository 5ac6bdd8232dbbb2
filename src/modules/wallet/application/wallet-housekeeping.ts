import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Idempotency } from '../../../platform/idempotency/idempotency';
import { messageContext } from '../../../platform/messaging/message-context';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { Clock } from '../../../platform/time/clock';
import { HoldSettlement } from './hold-settlement';
import { HoldRepository } from './ports/hold-repository';
import { TopUpJournal } from './ports/top-up-journal';
import { TopUpSettlement } from './top-up-settlement';

const PRUNE_EVERY_MS = 60_000;

/**
 * The wallet's timers, in every instance. Releases holds past their expiry, and finishes top-ups
 * left pending for WALLET_TOP_UP_RECOVERY_SECONDS (their request crashed or lost the provider's
 * answer): each in its own transaction, taken with SKIP LOCKED, so instances share the work and
 * never do one twice. Once a minute, forgets idempotency keys (and resolved top-ups) older than
 * WALLET_IDEMPOTENCY_RETENTION_HOURS.
 */
@Injectable()
export class WalletHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Wallet');
  private readonly task = new PeriodicTask('wallet housekeeping', () => this.tick(), this.logger);
  private lastPrune = 0;

  constructor(
    private readonly holds: HoldRepository,
    private readonly settlement: HoldSettlement,
    private readonly idempotencyKeys: Idempotency,
    private readonly topUps: TopUpJournal,
    private readonly topUpSettlement: TopUpSettlement,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.WALLET_HOLD_SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async tick(): Promise<void> {
    // One step failing (the task logs it) does not keep the others from running.
    let failure: Error | undefined;
    for (const step of [() => this.expireDue(), () => this.recoverTopUps(), () => this.pruneIfDue()]) {
      await step().catch((error: unknown) => (failure ??= error instanceof Error ? error : new Error(String(error))));
    }
    if (failure) throw failure;
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const retainedSince = new Date(
      this.clock.now().getTime() - this.config.WALLET_IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
    );
    await sweepInBatches(this.unitOfWork, (limit) => this.idempotencyKeys.pruneOlderThan(retainedSince, limit));
    await sweepInBatches(this.unitOfWork, (limit) => this.topUps.pruneResolvedBefore(retainedSince, limit));
  }

  /**
   * Finishes stale pending top-ups, up to a batch; returns how many it finished. One that fails
   * (the provider still does not answer) is tried again later, after a growing delay, and the
   * others go on meanwhile.
   */
  async recoverTopUps(batch = 20): Promise<number> {
    let finished = 0;
    for (let i = 0; i < batch; i++) {
      const openedBefore = new Date(Date.now() - this.config.WALLET_TOP_UP_RECOVERY_SECONDS * 1000);
      let taken: string | undefined;
      try {
        const done = await this.unitOfWork.run(async () => {
          const [topUpId] = await this.topUps.lockStale(openedBefore, 1);
          if (!topUpId) return false;
          taken = topUpId;
          await messageContext.run({ module: 'wallet', correlationId: topUpId, causationId: topUpId }, () =>
            this.topUpSettlement.finish(topUpId, 'system:top-up-recovery'),
          );
          return true;
        });
        if (!done) break;
        finished++;
      } catch (error) {
        if (!taken) throw error;
        this.logger.warn(`top-up ${taken} could not be finished yet: ${(error as Error).message}`);
        await this.topUps.deferRecovery(taken, this.config.WALLET_TOP_UP_RECOVERY_SECONDS * 1000);
      }
    }
    return finished;
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
