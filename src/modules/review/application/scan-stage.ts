import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { messageContext } from '../../../platform/messaging/message-context';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { VersionInReview, VersionRejected, VersionScanStarted } from '../../../shared/contracts/review';
import type { Manifest } from '../domain/manifest';
import { REVIEW_MODULE } from '../domain/module-name';
import { checkPermissions } from '../domain/permission-policy';
import { BundleScanner, ScanInterrupted } from './ports/bundle-scanner';
import { BundleUnpacker } from './ports/bundle-unpacker';
import { type Finding, ReviewStore, type Version } from './ports/review-store';
import { ScanQueue } from './ports/scan-queue';

/** A version submitted this long ago and still not picked up lost its job (Redis flushed or down, the process restarted). */
const LOST_AFTER_MS = 10_000;
/** A scan running this long died with its worker. */
const SCAN_LEASE_MS = 120_000;
const SWEEP_EVERY_MS = 5_000;
const SCANNED = /\.(m?js|html?|css)$/i;

/**
 * The automated stage of the pipeline, as a job per version (BullMQ, or in process for a single instance): submitted → scanning →
 * rejected (any critical finding) | in-review (for a reviewer, with the warnings). A sweep
 * re-queues versions whose job was lost, so PostgreSQL stays the truth of where each one is.
 */
@Injectable()
export class ScanStage implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweeper = new PeriodicTask('scan sweep', () => this.sweep(), new Logger('Review'));

  constructor(
    private readonly store: ReviewStore,
    private readonly unpacker: BundleUnpacker,
    private readonly scanner: BundleScanner,
    private readonly queue: ScanQueue,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.consume((versionId) => this.scan(versionId));
    this.sweeper.start(SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  async sweep(): Promise<void> {
    const lost = [
      ...(await this.store.stale('submitted', LOST_AFTER_MS, 100)),
      ...(await this.store.stale('scanning', SCAN_LEASE_MS, 100)),
    ];
    for (const versionId of lost) await this.queue.enqueue(versionId);
  }

  /** Runs as module `review` (its events are review's), correlated with the version it scans. */
  scan(versionId: string): Promise<void> {
    return messageContext.run({ module: REVIEW_MODULE, correlationId: versionId, causationId: versionId }, () =>
      this.scanAsReview(versionId),
    );
  }

  private async scanAsReview(versionId: string): Promise<void> {
    const version = await this.unitOfWork.run(async () => {
      const taken = await this.store.transition(versionId, 'submitted', 'scanning');
      if (taken) await this.eventBus.publish(new VersionScanStarted(await this.facts(taken)));
      return taken ?? (await this.takeOverStale(versionId));
    });
    if (!version) return; // scanned already, or another worker is on it
    // A bundle that makes the scanner itself fail is rejected, not retried forever: a scan is deterministic.
    // One cut short by shutdown stays `scanning`: its lease runs out and another instance takes it over.
    const findings = await this.findingsOf(version).catch((error: Error) => {
      if (error instanceof ScanInterrupted) throw error;
      return [internalFinding(`the scan could not complete: ${error.message.slice(0, 200)}`)];
    });
    const critical = findings.filter((f) => f.severity === 'critical');
    await this.unitOfWork.run(async () => {
      if (!critical.length) {
        if (await this.store.transition(version.id, 'scanning', 'in-review', { findings })) {
          await this.eventBus.publish(
            new VersionInReview({ ...(await this.facts(version)), warnings: findings.length }),
          );
        }
        return;
      }
      const reasons = [...new Set(critical.map((f) => `${f.ruleId}: ${f.message} (${f.file}:${f.line})`))].slice(0, 50);
      if (
        !(await this.store.transition(version.id, 'scanning', 'rejected', {
          findings,
          reasons,
          decidedBy: 'system:scan',
        }))
      )
        return;
      const app = (await this.store.miniAppById(version.miniAppId))!;
      await this.eventBus.publish(
        new VersionRejected({
          miniAppId: app.id,
          slug: app.slug,
          version: version.version,
          reasons: reasons.map((r) => r.slice(0, 500)),
          automated: true,
          at: new Date().toISOString(),
        }),
      );
    });
  }

  private async facts(version: Version): Promise<{ miniAppId: string; slug: string; version: string; at: string }> {
    const app = (await this.store.miniAppById(version.miniAppId))!;
    return { miniAppId: app.id, slug: app.slug, version: version.version, at: new Date().toISOString() };
  }

  private async takeOverStale(versionId: string): Promise<Version | null> {
    const stale = await this.store.stale('scanning', SCAN_LEASE_MS, 1_000);
    return stale.includes(versionId) ? this.store.transition(versionId, 'scanning', 'scanning') : null;
  }

  private async findingsOf(version: Version): Promise<Finding[]> {
    const bundle = await this.store.bundle(version.bundleDigest);
    const unpacked = bundle
      ? await this.unpacker.unpack(bundle, {
          maxBytes: Infinity,
          maxUnpackedBytes: this.config.REVIEW_BUNDLE_MAX_UNPACKED_BYTES,
          maxFiles: this.config.REVIEW_BUNDLE_MAX_FILES,
        })
      : null;
    if (!unpacked || 'refusal' in unpacked) return [internalFinding('the stored bundle could not be read again')];
    const manifest = version.manifest as unknown as Manifest;
    const files = [...unpacked.files].filter(([path]) => SCANNED.test(path)).map(([path, bytes]) => ({ path, bytes }));
    const scan = await this.scanner.scan(files, manifest.domains);
    const app = (await this.store.miniAppById(version.miniAppId))!;
    const policy = checkPermissions(manifest, app.category, scan.usedScopes).map((p): Finding => ({
      ruleId: p.ruleId,
      severity: p.severity,
      file: 'manifest.json',
      line: 1,
      column: 1,
      snippet: p.scope,
      message: p.message,
    }));
    return [...policy, ...scan.findings];
  }
}

const internalFinding = (message: string): Finding => ({
  ruleId: 'bundle-unreadable',
  severity: 'critical',
  file: '',
  line: 0,
  column: 0,
  snippet: '',
  message,
});
