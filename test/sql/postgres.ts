/**
 * Test-only: a throwaway PostgreSQL server for the PostgreSQL dialect's tests. initdb into a
 * temporary directory, `postgres` listening only on a unix socket in that directory (`-k DIR -h ''`),
 * psql as the client. PostgreSQL refuses to run as root, so as root the server runs as the
 * `postgres` user (or `nobody`) through runuser. `pgUnavailable()` says why none can start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir(): string | undefined {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    ...(fromConfig.status === 0 ? [fromConfig.stdout.trim()] : []),
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'postgres')));
}

const psqlPath = (): string | undefined => {
  const dir = binDir();
  if (dir && existsSync(join(dir, 'psql'))) return join(dir, 'psql');
  const which = spawnSync('which', ['psql'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
};

/** The unprivileged user to run the server as when we are root. */
function serverUser(): string | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    if (spawnSync('id', ['-u', name]).status === 0) return name;
  }
  return undefined;
}

/** Why no server can be started here, or undefined when one can. */
export function pgUnavailable(): string | undefined {
  if (binDir() === undefined) return 'no PostgreSQL server binaries (initdb, pg_ctl, postgres) found: install Debian\'s postgresql package';
  if (psqlPath() === undefined) return 'no psql client found';
  if (userInfo().uid === 0) {
    if (serverUser() === undefined) return 'running as root, and no unprivileged user (postgres, nobody) to run the server as';
    if (spawnSync('runuser', ['--help']).error !== undefined) return 'running as root without runuser to start the server as another user';
  }
  return undefined;
}

export class PgServer {
  private constructor(readonly dir: string, readonly port: number, private readonly user: string | undefined, private readonly bin: string) {}

  static start(): PgServer {
    const bin = binDir()!;
    const user = serverUser();
    // The server's user must reach its directory: the tests' own temporary directory is private
    // to root, so a server run as another user gets one in /tmp (removed again by stop).
    const dir = mkdtempSync(join(user === undefined ? tmpdir() : '/tmp', 'calib-pg-'));
    chmodSync(dir, 0o755);
    if (user !== undefined) {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const port = 20000 + Math.floor(Math.random() * 40000);
    const server = new PgServer(dir, port, user, bin);
    server.asServer('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'calib', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    server.asServer('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-t', '60', 'start',
      '-o', `-k ${dir} -h '' -p ${port} -c fsync=off -c full_page_writes=off`]);
    return server;
  }

  private asServer(program: string, args: string[]): void {
    const path = join(this.bin, program);
    const [command, argv] = this.user === undefined ? [path, args] : ['runuser', ['-u', this.user, '--', path, ...args]];
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: this.dir });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  }

  /** Runs SQL through psql; returns stdout (CSV with a header for a query). Throws with psql's stderr on an error. */
  psql(sql: string): string {
    const file = join(this.dir, `q-${Math.random().toString(36).slice(2)}.sql`);
    writeFileSync(file, sql);
    const result = spawnSync(psqlPath()!, ['-h', this.dir, '-p', String(this.port), '-U', 'calib', '-d', 'postgres', '-X', '-q',
      '-v', 'ON_ERROR_STOP=1', '--csv', '-f', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    rmSync(file, { force: true });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout;
  }

  /** The rows of a query, as objects of text values ('' for null, as psql's CSV writes it). */
  rows(sql: string): Record<string, string>[] {
    const lines = this.psql(sql).split('\n').filter((l) => l !== '');
    const header = lines[0]!.split(',');
    return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v])));
  }

  stop(): void {
    try {
      this.asServer('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
