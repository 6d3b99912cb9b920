// What a command that follows a run shows while it runs: the progress bar (stderr, a terminal only, not --quiet)
// and Ctrl-C, which the command turns into a cancel; a second Ctrl-C falls through to Node and ends the process.
import { createProgressReporter, type ProgressView } from "../output/progress.ts";

/** A run being followed. */
export interface RunSession {
  update(progress: ProgressView): void;
  /** Whether Ctrl-C was pressed. */
  readonly interrupted: boolean;
  /** Removes the bar and the Ctrl-C handler. Idempotent. */
  end(): void;
}

/**
 * @param onInterrupt what the first Ctrl-C does (abort the embedded run, cancel the cluster run)
 */
export function startRunSession(
  options: { readonly quiet?: boolean | undefined },
  onInterrupt: () => void,
): RunSession {
  const progress = createProgressReporter({
    enabled: process.stderr.isTTY === true && !options.quiet,
    stream: process.stderr,
  });
  let interrupted = false;
  const onSigint = (): void => {
    process.off("SIGINT", onSigint);
    interrupted = true;
    onInterrupt();
  };
  process.on("SIGINT", onSigint);
  return {
    update: (p) => progress.update(p),
    get interrupted() {
      return interrupted;
    },
    end() {
      progress.stop();
      process.off("SIGINT", onSigint);
    },
  };
}
