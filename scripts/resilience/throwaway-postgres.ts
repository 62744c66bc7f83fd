import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `preferred` when nothing listens on it on 127.0.0.1, else a port the system picks. */
function freePort(preferred: number): Promise<number> {
  const probe = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  return probe(preferred).then(async (port) => port ?? (await probe(0)) ?? preferred);
}

/**
 * A private Postgres cluster in a temp directory on its own port, so the resilience run can stop and
 * start a database without touching the shared server on 5432. Runs as the postgres user when this
 * process is root (initdb refuses root). When a start or stop fails, the error carries pg_ctl's own
 * output and the end of the cluster log, and destroy(true) keeps the log.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    private currentPort: number,
    private readonly bin: string,
  ) {}

  get port(): number {
    return this.currentPort;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A new cluster on `preferredPort`, or on a free one when something already listens there. */
  static async create(preferredPort: number): Promise<ThrowawayPostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    const bin = `/usr/lib/postgresql/${versions[0]}/bin`;
    if (!existsSync(`${bin}/initdb`)) throw new Error(`no initdb under ${bin}`);
    const port = await freePort(preferredPort);
    if (port !== preferredPort) console.log(`  (port ${preferredPort} is taken: the private Postgres uses ${port})`);
    const dir = mkdtempSync(join(tmpdir(), 'cms-resilience-pg-'));
    chmodSync(dir, 0o777);
    const cluster = new ThrowawayPostgres(dir, port, bin);
    cluster.run('initdb', ['-D', cluster.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    return cluster;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private get log(): string {
    return join(this.dir, 'log');
  }

  private run(tool: string, args: string[]): void {
    const asPostgres = process.getuid?.() === 0;
    const [command, argv] = asPostgres
      ? ['runuser', ['-u', 'postgres', '--', `${this.bin}/${tool}`, ...args]]
      : [`${this.bin}/${tool}`, args];
    try {
      execFileSync(command as string, argv as string[], { stdio: 'pipe', cwd: this.dir, encoding: 'utf8' });
    } catch (error) {
      const { status, stdout, stderr } = error as { status: number | null; stdout?: string; stderr?: string };
      const output = `${stdout ?? ''}${stderr ?? ''}`.trim() || '(no output)';
      throw new Error(`${tool} ${args.at(-1)} failed (exit ${status}): ${output}${this.logTail()}`);
    }
  }

  private logTail(): string {
    if (!existsSync(this.log)) return '';
    const lines = readFileSync(this.log, 'utf8').trimEnd().split('\n').slice(-15);
    return `\n  cluster log (${this.log}), last lines:\n    ${lines.join('\n    ')}`;
  }

  private startOnce(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    this.run('pg_ctl', ['-D', this.data, '-o', options, '-l', this.log, '-w', '-t', '30', 'start']);
  }

  /**
   * Starts the cluster; a failed start is printed with its cause and tried once more (on another free
   * port when `mayMove` and the port was taken meanwhile: only before any client knows the URL).
   */
  async start({ mayMove = false }: { mayMove?: boolean } = {}): Promise<void> {
    try {
      this.startOnce();
    } catch (error) {
      console.log(`  private Postgres did not start, trying once more: ${(error as Error).message}`);
      if (mayMove) this.currentPort = await freePort(this.port);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      this.startOnce();
    }
  }

  /** `fast`: disconnects every client at once, as a crash or failover would. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  /** Stops and removes the cluster; with `keepLog`, its log is copied out first and its path printed. */
  destroy(keepLog = false): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    if (keepLog && existsSync(this.log)) {
      const kept = `${this.dir}.log`;
      copyFileSync(this.log, kept);
      console.log(`  private Postgres log kept at ${kept}`);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
