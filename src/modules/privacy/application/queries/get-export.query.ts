import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import type { PersonalDataExport } from '../../domain/personal-data-export';
import { ExportStore } from '../ports/export-store';

/** One of the caller's exports; another person's answers 404, as one that does not exist. */
export class GetExport extends Query<PersonalDataExport> {
  constructor(
    readonly userId: string,
    readonly exportId: string,
  ) {
    super();
  }
}

@QueryHandler(GetExport)
export class GetExportHandler implements IQueryHandler<GetExport, PersonalDataExport> {
  constructor(private readonly exports: ExportStore) {}

  async execute({ userId, exportId }: GetExport): Promise<PersonalDataExport> {
    const found = await this.exports.find(userId, exportId);
    if (!found) throw notFound('The export');
    return found;
  }
}

/** The caller's exports, newest first (each kept until its retention ends). */
export class ListExports extends Query<PersonalDataExport[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(ListExports)
export class ListExportsHandler implements IQueryHandler<ListExports, PersonalDataExport[]> {
  constructor(private readonly exports: ExportStore) {}

  execute({ userId }: ListExports): Promise<PersonalDataExport[]> {
    return this.exports.listOf(userId);
  }
}

/** The archive (its JSON text) of one of the caller's exports, once ready. */
export class GetExportArchive extends Query<Buffer> {
  constructor(
    readonly userId: string,
    readonly exportId: string,
  ) {
    super();
  }
}

@QueryHandler(GetExportArchive)
export class GetExportArchiveHandler implements IQueryHandler<GetExportArchive, Buffer> {
  constructor(private readonly exports: ExportStore) {}

  async execute({ userId, exportId }: GetExportArchive): Promise<Buffer> {
    const archive = await this.exports.archive(userId, exportId);
    if (archive) return archive;
    const found = await this.exports.find(userId, exportId);
    if (!found) throw notFound('The export');
    throw new ProblemError(
      409,
      'export-not-ready',
      'Export not ready',
      found.status === 'failed'
        ? 'This export could not be assembled; ask for a new one.'
        : 'This export is still being assembled; follow its status and download it once ready.',
      undefined,
      found.status === 'pending' ? { 'Retry-After': '2' } : undefined,
    );
  }
}
