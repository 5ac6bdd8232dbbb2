import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../../../../platform/config/app-config';
import type { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { ExportRequested } from '../../../../shared/contracts/privacy';
import type { ExportArchiveAssembler, ExportArchive } from '../export-archive';
import type { ExportStore } from '../ports/export-store';
import { AssembleExport } from './assemble-export.handler';

const MAX_ATTEMPTS = 3;
const EXPORT_ID = '01938a3e-7c4f-7d2a-9b1e-5f0c2d4e6a81';
const USER_ID = '01938a3e-7c4f-7d2a-9b1e-5f0c2d4e6a82';

/** The export's row as the subscriber changes it, and an assembler that fails `failures` times first. */
function world(failures: number, status: 'pending' | 'ready' = 'pending') {
  const row = { status: status as string, failures: 0, archive: null as string | null };
  let assembled = 0;
  const store = {
    isPending: async () => row.status === 'pending',
    countFailure: async () => ++row.failures,
    markReady: async (_id: string, json: Buffer) => {
      row.status = 'ready';
      row.archive = json.toString();
    },
    markFailed: async () => {
      row.status = 'failed';
    },
  } as unknown as ExportStore;
  const assembler = {
    assemble: async (userId: string) => {
      if (assembled++ < failures) throw new Error('a module did not answer');
      return { format: 'superapp-export/1', subject: { userId } } as ExportArchive;
    },
  } as unknown as ExportArchiveAssembler;
  const unitOfWork = { run: <T>(work: () => Promise<T>) => work() } as unknown as UnitOfWork;
  const config = { BUS_MAX_ATTEMPTS: MAX_ATTEMPTS } as PlatformConfig;
  const subscriber = new AssembleExport(store, assembler, unitOfWork, new Clock(), config);
  const event = new ExportRequested({ exportId: EXPORT_ID, userId: USER_ID, requestedAt: new Date().toISOString() });
  return { row, deliver: () => subscriber.handle(event) };
}

describe('assembling a data export', () => {
  it('stores the archive and marks the export ready when every module answers', async () => {
    const { row, deliver } = world(0);
    await deliver();
    expect(row).toMatchObject({ status: 'ready', failures: 0 });
    expect(JSON.parse(row.archive!)).toEqual({ format: 'superapp-export/1', subject: { userId: USER_ID } });
  });

  it("leaves a module's failure to the bus's retries while attempts are left, then succeeds", async () => {
    const { row, deliver } = world(MAX_ATTEMPTS - 1);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await expect(deliver()).rejects.toThrow('a module did not answer');
      expect(row.status).toBe('pending');
    }
    await deliver();
    expect(row).toMatchObject({ status: 'ready', failures: MAX_ATTEMPTS - 1 });
  });

  it('marks the export failed on the last attempt instead of throwing', async () => {
    const { row, deliver } = world(Infinity);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) await expect(deliver()).rejects.toThrow();
    await deliver();
    expect(row).toMatchObject({ status: 'failed', failures: MAX_ATTEMPTS, archive: null });
  });

  it('does nothing for an export that is no longer pending (a redelivery, or deleted by its retention)', async () => {
    const { row, deliver } = world(0, 'ready');
    await deliver();
    expect(row).toMatchObject({ status: 'ready', failures: 0, archive: null });
  });
});
