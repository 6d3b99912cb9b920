import type { DriveProgress } from "@mcx/runner";
import cliProgress from "cli-progress";
import { formatDuration, formatShortCount } from "./format.ts";

/** Receives run progress; `stop` removes the bar (call it before printing anything else). */
export interface ProgressReporter {
  update(progress: ProgressView): void;
  stop(): void;
}

/** What the bar shows: a subset of the driver's progress, so the bar can start before the first shard lands. */
export type ProgressView = Pick<DriveProgress, "trialsDone" | "trialsPlanned" | "elapsedSeconds">;

const silent: ProgressReporter = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on `stream` (trials done of planned, rate, ETA), or a no-op when disabled. The ETA is ours, from
 * the mean rate since the start: cli-progress's moving-window ETA jumps around when shards land in bursts.
 */
export function createProgressReporter(options: {
  readonly enabled: boolean;
  readonly stream: NodeJS.WriteStream;
}): ProgressReporter {
  if (!options.enabled) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream,
      format: "{bar} {percentage}% | {done}/{planned} trials | {rate} trials/s | ETA {etaText}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const rate = p.elapsedSeconds > 0 ? p.trialsDone / p.elapsedSeconds : 0;
      const left = Math.max(0, p.trialsPlanned - p.trialsDone);
      const payload = {
        done: formatShortCount(p.trialsDone),
        planned: formatShortCount(p.trialsPlanned),
        rate: formatShortCount(rate),
        etaText: rate > 0 ? formatDuration(left / rate) : "—",
      };
      if (!started) {
        bar.start(p.trialsPlanned, p.trialsDone, payload);
        started = true;
      } else {
        if (bar.getTotal() !== p.trialsPlanned) bar.setTotal(p.trialsPlanned);
        bar.update(p.trialsDone, payload);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
