// The progress line of a long load (`vpcsim trace` on a large template). Apart from ./progress.ts
// (the trial bars, on cli-progress) so that a trace loads no progress-bar library.

/** Where a long load is: the stage and the fraction of the whole load done (0..1). */
export type StageListener = (stage: string, fraction: number) => void;

export interface StageLine {
  stage: StageListener;
  /** Erases the line (if it was drawn). */
  done(): void;
}

/**
 * A one-line display of a long load (`loading big.json: compiling 80%`) on the terminal, drawn only
 * once the load has taken `afterMs` (a small design shows nothing) and erased when it is done. The
 * load runs on the main thread, so the line moves at stage boundaries. Nothing when stderr is not
 * a terminal.
 */
export function stageLine(terminal: NodeJS.WriteStream | undefined, label: string, now: () => number = Date.now, afterMs = 1000): StageLine | undefined {
  if (!terminal?.isTTY) return undefined;
  const start = now();
  let drawn = false;
  return {
    stage(stage, fraction) {
      if (!drawn && now() - start < afterMs) return;
      drawn = true;
      terminal.write(`\r\x1b[2K${label}: ${stage} ${Math.min(100, Math.max(0, Math.floor(fraction * 100)))}%`);
    },
    done() {
      if (drawn) terminal.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
