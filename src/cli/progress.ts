// A progress bar on the terminal for long runs (`vpcsim montecarlo`): trials done, trials per second and
// the time left, drawn by cli-progress on stderr when stderr is a terminal, and nothing otherwise (a
// pipe or a file gets only the answer). The bar never goes to stdout, so `--json` output stays clean.
import { SingleBar } from 'cli-progress';

export interface TrialProgress {
  trials: number;
  total: number;
}

export interface ProgressBar {
  update(progress: TrialProgress): void;
  /** `montecarlo --queue`: the workers alive now (shown once the bar has started). */
  liveWorkers(count: number): void;
  stop(): void;
}

/**
 * A bar drawing on `terminal`, or undefined when there is none (stderr not a TTY); `showWorkers` adds
 * the number of live queue workers (`montecarlo --queue`).
 */
export function trialProgressBar(terminal: NodeJS.WriteStream | undefined, now: () => number = Date.now, unit = 'trials', showWorkers = false): ProgressBar | undefined {
  if (!terminal?.isTTY) return undefined;
  const bar = new SingleBar({
    stream: terminal,
    format: `${unit} {bar} {percentage}% | {value}/{total} | {speed} ${unit}/s | ETA {eta_formatted}${showWorkers ? ' | {workers} workers live' : ''}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    // The run's own rate: ETA from the last few updates, trials/s over the whole run.
    etaBuffer: 20,
    fps: 5,
  });
  // The rate is measured from the first finished chunk, so loading the topology, building the plan and
  // starting workers do not count as slow trials.
  let first: { trials: number; at: number } | undefined;
  let running = false;
  let workers = 0;
  return {
    liveWorkers(count) {
      workers = count;
      if (running) bar.update({ workers });
    },
    update({ trials, total }) {
      const at = now();
      first ??= { trials, at };
      const seconds = (at - first.at) / 1000;
      const speed = seconds > 0 ? formatRate((trials - first.trials) / seconds) : '-';
      if (!running) {
        bar.start(total, trials, { speed, workers });
        running = true;
        return;
      }
      // --until-ci: a new round raises the total.
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(trials, { speed });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** 1234567 -> 1.23M, 52000 -> 52.0k. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)}G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}
