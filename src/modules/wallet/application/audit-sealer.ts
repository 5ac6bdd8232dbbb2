import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { chainHash, GENESIS_HASH } from '../domain/audit-chain';
import { AuditLog, type ChainLink } from './ports/audit-log';

const BATCH = 1_000;
/** A record committed this far behind the last sealed one is still looked for; a full sweep now and then finds any older straggler. */
const LOOK_BACK = 100_000n;
const FULL_SWEEP_EVERY_MS = 600_000;

/**
 * Extends the hash chain with records committed since the last seal, in the order they became
 * visible, as a transparency log's sequencer integrates queued entries (ADR 0009). One instance at
 * a time (an advisory lock); the links commit together, so the chain never forks or skips.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask('audit sealing', () => this.seal(), new Logger('Wallet'));
  private lastFullSweep = 0;

  constructor(
    private readonly audit: AuditLog,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.WALLET_AUDIT_SEAL_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Seals what is committed and unsealed now; returns how many records it linked (0 if another instance holds the turn). */
  sealPending(): Promise<number> {
    return this.task.runNow();
  }

  private async seal(): Promise<number> {
    let sealed = 0;
    for (;;) {
      const linked = await this.unitOfWork.run(async () => {
        if (!(await this.audit.tryLockChain())) return 0;
        const last = await this.audit.lastLink();
        const fullSweep = Date.now() - this.lastFullSweep > FULL_SWEEP_EVERY_MS;
        const floor = last && !fullSweep ? BigInt(last.seq) - LOOK_BACK : null;
        const records = await this.audit.unsealed(floor !== null && floor > 0n ? String(floor) : null, BATCH);
        if (fullSweep) this.lastFullSweep = Date.now();
        let previousHash = last?.hash ?? GENESIS_HASH;
        let position = BigInt(last?.position ?? 0);
        const links: ChainLink[] = records.map((record) => {
          const hash = chainHash(previousHash, record);
          const link = { position: String(++position), seq: record.seq, previousHash, hash };
          previousHash = hash;
          return link;
        });
        await this.audit.link(links);
        return links.length;
      });
      sealed += linked;
      if (linked < BATCH) return sealed;
    }
  }
}
