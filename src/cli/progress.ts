import cliProgress from 'cli-progress';

export interface Progress {
  grow(items: number): void;
  advance(items: number): void;
  stop(): void;
}

const PLAIN_EVERY_ITEMS = 1000;
const PLAIN_EVERY_MS = 2000;

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * Progress on stderr, so that `export` to stdout stays clean: a bar with count, rate and ETA on a
 * terminal, plain lines every 1,000 items or 2 seconds otherwise (logs, CI, pipes).
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let done = 0;
  const rate = () => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 200,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0 });
    return {
      grow: (items) => bar.setTotal(bar.getTotal() + items),
      advance: (items) => {
        done += items;
        bar.increment(items, { rate: rate() });
      },
      stop: () => bar.stop(),
    };
  }

  let lastItems = 0;
  let lastAt = started;
  const line = (final: boolean) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const left = total - done;
    const tail = final
      ? `done in ${seconds(Date.now() - started)}`
      : `ETA ${rate() > 0 ? seconds((left / rate()) * 1000) : '?'}`;
    stream.write(`${label}: ${done}/${total} (${percent}%), ${rate()}/s, ${tail}\n`);
  };
  return {
    grow: (items) => {
      total += items;
    },
    advance: (items) => {
      done += items;
      if (done - lastItems >= PLAIN_EVERY_ITEMS || Date.now() - lastAt >= PLAIN_EVERY_MS) {
        lastItems = done;
        lastAt = Date.now();
        line(false);
      }
    },
    stop: () => line(true),
  };
}
