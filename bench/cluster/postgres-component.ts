/**
 * PostgreSQL as a component: a cluster of its own made by initdb (postgres-data/ in the run folder),
 * on a loopback port, no Unix socket, durability off (fsync, synchronous commit: nothing of a run
 * needs to survive the machine), trust for the one local user, removed when the run ends. PostgreSQL
 * refuses to run as root, so as root bench runs initdb and postgres as the postgres user that
 * Debian's package creates, through setpriv (which execs, so the PID is postgres's own).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentStartError, findBinary, requireBinaries, type ComponentSpec } from './external-process.js';
import { postgresAnswersQuery } from './probes.js';

/** The superuser initdb makes, whom the nodes connect as. */
export const POSTGRES_USER = 'bench';
const DATA_FOLDER = 'postgres-data';
/** What a PostgreSQL run needs installed. */
export const POSTGRES_BINARIES = [
  { binary: 'initdb', aptPackage: 'postgresql' },
  { binary: 'postgres', aptPackage: 'postgresql' },
];
/** The Debian package's system user, who runs PostgreSQL when bench runs as root. */
const SYSTEM_USER = 'postgres';

/** The settings bench gives postgres (as -c name=value), one per line. */
export function postgresSettings(port: number, maxConnections: number): Array<[string, string]> {
  return [
    ['listen_addresses', '127.0.0.1'],
    ['port', String(port)],
    ['max_connections', String(maxConnections)],
    ['unix_socket_directories', ''],
    ['fsync', 'off'],
    ['synchronous_commit', 'off'],
    ['full_page_writes', 'off'],
  ];
}

/** uid and gid of the postgres user when bench runs as root; null otherwise. */
function systemUserIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => Number(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new ComponentStartError(
      `PostgreSQL will not run as root and this machine has no ${SYSTEM_USER} user; install postgresql (apt-get install -y postgresql) or run bench as another user`,
    );
  }
}

/** `command` with its arguments, run as the postgres user when bench is root. */
function asPostgresUser(command: string, args: string[]): { binary: string; args: string[] } {
  if (process.getuid?.() !== 0) return { binary: command, args };
  const setpriv = findBinary('setpriv') ?? '/usr/bin/setpriv';
  return { binary: setpriv, args: [`--reuid=${SYSTEM_USER}`, `--regid=${SYSTEM_USER}`, '--init-groups', '--', command, ...args] };
}

/**
 * Where the cluster's data lives: postgres-data/ in the run folder; as root, a folder of the postgres
 * user's under the system's temp folder instead, since the postgres user may not enter the run
 * folder's parents (a temp folder made by mkdtemp is root's alone).
 */
function dataFolderFor(runDir: string): { dataDir: string; removable: string } {
  const owner = systemUserIds();
  if (owner === null) {
    const dataDir = path.join(path.resolve(runDir), DATA_FOLDER);
    return { dataDir, removable: dataDir };
  }
  const removable = mkdtempSync(path.join(os.tmpdir(), 'bench-postgres-'));
  chownSync(removable, owner.uid, owner.gid);
  return { dataDir: path.join(removable, DATA_FOLDER), removable };
}

/** Makes the cluster with initdb (once per run: a restart keeps its data, as after a crash). */
function initCluster(dataDir: string): void {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const initdb = findBinary('initdb');
  if (initdb === null || findBinary('postgres') === null) requireBinaries(POSTGRES_BINARIES, 'the postgres component');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const owner = systemUserIds();
  if (owner !== null) chownSync(dataDir, owner.uid, owner.gid);
  const command = asPostgresUser(initdb as string, ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  try {
    execFileSync(command.binary, command.args, { cwd: path.dirname(dataDir), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join('; ');
    throw new ComponentStartError(`initdb could not make a PostgreSQL cluster in ${dataDir}: ${stderr || (error as Error).message}`);
  }
}

/** The spec of a PostgreSQL on `port`; its log goes to postgres.log in the run folder, its settings to postgres.conf there. */
export function postgresComponent(port: number, runDir: string, maxConnections = 100): ComponentSpec {
  const postgres = findBinary('postgres') ?? 'postgres';
  const settings = postgresSettings(port, maxConnections);
  let folder: { dataDir: string; removable: string } | null = null;
  const dataDir = (): string => (folder ??= dataFolderFor(runDir)).dataDir;
  return {
    name: 'postgres',
    binary: process.getuid?.() === 0 ? 'setpriv' : 'postgres',
    aptPackage: 'postgresql',
    configFile: 'postgres.conf',
    // A record of what postgres was given: the settings go on its command line, so no file of the run folder need be the postgres user's to read.
    config: `# bench starts postgres -D <data folder> with these as -c settings\n${settings.map(([name, value]) => `${name} = '${value}'`).join('\n')}\n`,
    args: () => asPostgresUser(postgres, ['-D', dataDir(), ...settings.flatMap(([name, value]) => ['-c', `${name}=${value}`])]).args,
    port,
    prepare: () => initCluster(dataDir()),
    answers: (probePort) => postgresAnswersQuery(probePort, POSTGRES_USER),
    // Fast shutdown: SIGTERM's smart shutdown waits for every client to leave.
    stopSignal: 'SIGINT',
    cleanup: () => {
      if (folder !== null) rmSync(folder.removable, { recursive: true, force: true });
      folder = null;
    },
  };
}

/** The URL the nodes connect to. */
export function postgresUrl(port: number): string {
  return `postgres://${POSTGRES_USER}@127.0.0.1:${port}/postgres`;
}
