import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import type { PersonalDataExportQuery, PersonalDataSection } from '../../../shared/contracts/privacy';
import { EXPORT_QUERIES, NOT_EXPORTED } from './export-sections';
import { type ProcessingActivity, recordOfProcessing } from './record-of-processing';

export const ARCHIVE_FORMAT = 'superapp-export/1';

/** A person's data export, as downloaded: one section per module, with the public record of processing. */
export interface ExportArchive {
  format: typeof ARCHIVE_FORMAT;
  generatedAt: string;
  subject: { userId: string };
  /** Every module of the platform: whether it gave a section, and why not when it gave none. */
  modules: Array<{ module: string; section: 'included' } | { module: string; section: 'none'; reason: string }>;
  recordOfProcessing: ProcessingActivity[];
  sections: Record<string, PersonalDataSection>;
}

/**
 * Assembles the archive by asking each module for its part through the query its contract
 * declares; privacy reads no other module's tables. A module that fails to answer fails the whole
 * assembly (a partial copy would mislead): the caller retries it.
 */
@Injectable()
export class ExportArchiveAssembler {
  constructor(
    private readonly queries: QueryBus,
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async assemble(userId: string, at: Date): Promise<ExportArchive> {
    const sections: Record<string, PersonalDataSection> = {};
    for (const [module, Query] of Object.entries(EXPORT_QUERIES))
      sections[module] = await this.queries.execute<PersonalDataExportQuery, PersonalDataSection>(new Query(userId));
    return {
      format: ARCHIVE_FORMAT,
      generatedAt: at.toISOString(),
      subject: { userId },
      modules: this.contracts.map(({ name }) =>
        name in sections
          ? { module: name, section: 'included' }
          : { module: name, section: 'none', reason: NOT_EXPORTED[name] ?? 'it holds no personal data' },
      ),
      recordOfProcessing: recordOfProcessing(this.contracts, this.config, 'public'),
      sections,
    };
  }
}
