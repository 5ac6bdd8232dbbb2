import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { VersionSubmitted } from '../../../../shared/contracts/review';
import { newId } from '../../../../shared/kernel/ids';
import { invalid, notFound, ProblemError } from '../../../../shared/kernel/problem';
import { type BundleRefusal, REFUSAL_DETAIL } from '../../domain/bundle-refusal';
import { parseManifest } from '../../domain/manifest';
import { BundleUnpacker } from '../ports/bundle-unpacker';
import { ReviewStore, type Version } from '../ports/review-store';
import { ScanQueue } from '../ports/scan-queue';

export class SubmitVersion extends Command<Version> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
    readonly bundle: Buffer,
  ) {
    super();
  }
}

/** Size limits are 413; an archive that is not one is 400; a dangerous one is 422. */
const STATUS: Record<BundleRefusal, 400 | 413 | 422> = {
  'bundle-too-large': 413,
  'bundle-unpacked-too-large': 413,
  'bundle-too-many-files': 413,
  'bundle-compression-bomb': 422,
  'bundle-path-escapes': 422,
  'bundle-symlink': 422,
  'bundle-duplicate-name': 422,
  'bundle-not-a-zip': 400,
  'bundle-no-manifest': 422,
};

/**
 * Takes a bundle in: unpacks it within the limits, checks the manifest, stores the bundle by its
 * SHA-256 and the version as `submitted`, publishes `review.version-submitted` and queues the scan.
 * Anything refused stores nothing.
 */
@CommandHandler(SubmitVersion)
export class SubmitVersionHandler implements ICommandHandler<SubmitVersion, Version> {
  constructor(
    private readonly store: ReviewStore,
    private readonly unpacker: BundleUnpacker,
    private readonly scans: ScanQueue,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ developerId, slug, bundle }: SubmitVersion): Promise<Version> {
    const app = await this.store.miniApp(slug);
    if (!app || app.developerId !== developerId) throw notFound('The mini-app');
    const unpacked = await this.unpacker.unpack(bundle, {
      maxBytes: this.config.REVIEW_BUNDLE_MAX_BYTES,
      maxUnpackedBytes: this.config.REVIEW_BUNDLE_MAX_UNPACKED_BYTES,
      maxFiles: this.config.REVIEW_BUNDLE_MAX_FILES,
    });
    if ('refusal' in unpacked)
      throw new ProblemError(
        STATUS[unpacked.refusal],
        unpacked.refusal,
        'Bundle refused',
        REFUSAL_DETAIL[unpacked.refusal],
      );
    const digest = createHash('sha256').update(bundle).digest('hex');
    return this.unitOfWork.run(async () => {
      // One submission per mini-app at a time: "greater than every earlier version" is judged against all of them.
      await this.store.lockMiniApp(app.id);
      const parsed = parseManifest(unpacked.files.get('manifest.json')!.toString('utf8'), {
        slug,
        files: new Set(unpacked.files.keys()),
        earlierVersions: await this.store.versionNumbers(app.id),
        allowLoopbackOrigins: this.config.OUTBOUND_ALLOW_LOOPBACK,
      });
      if ('errors' in parsed)
        throw invalid('invalid-manifest', 'Invalid manifest', 'manifest.json is not valid; see errors.', parsed.errors);
      await this.store.putBundle(digest, bundle);
      const version = await this.store.insertVersion({
        id: newId(),
        miniAppId: app.id,
        version: parsed.manifest.version,
        manifest: parsed.manifest,
        bundleDigest: digest,
        bundleBytes: bundle.length,
        fileCount: unpacked.files.size,
        submittedBy: developerId,
      });
      await this.eventBus.publish(
        new VersionSubmitted({
          miniAppId: app.id,
          slug,
          version: version.version,
          bundleDigest: digest,
          at: version.submittedAt.toISOString(),
        }),
      );
      this.unitOfWork.afterCommit(() => void this.scans.enqueue(version.id));
      return version;
    });
  }
}
