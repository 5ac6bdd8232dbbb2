import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { ReviewStore } from '../ports/review-store';
import { UnpackedBundles } from '../unpacked-bundles';

export interface PublishedFile {
  content: Buffer;
  /** The manifest's entry page: the platform puts the SDK first in it. */
  isEntry: boolean;
}

export class GetPublishedFile extends Query<PublishedFile> {
  constructor(
    readonly slug: string,
    readonly digest: string,
    readonly path: string,
  ) {
    super();
  }
}

/**
 * One file of a mini-app's live bundle, named by the bundle's digest: a version that is not (or no
 * longer) live, a taken-down mini-app, another digest or a path not in the bundle is 404, so a
 * take-down or a rollback stops a running frame from loading anything more of the old bundle.
 */
@QueryHandler(GetPublishedFile)
export class GetPublishedFileHandler implements IQueryHandler<GetPublishedFile, PublishedFile> {
  constructor(
    private readonly store: ReviewStore,
    private readonly bundles: UnpackedBundles,
  ) {}

  async execute({ slug, digest, path }: GetPublishedFile): Promise<PublishedFile> {
    const app = await this.store.miniApp(slug);
    const live = app?.liveVersion ? await this.store.version(app.id, app.liveVersion) : null;
    if (!live || live.status !== 'published' || live.bundleDigest !== digest) throw notFound('The file');
    const files = await this.bundles.files(digest, () => this.store.bundle(digest));
    const content = files?.get(path);
    if (!content) throw notFound('The file');
    return { content, isEntry: path === live.manifest.entry };
  }
}
