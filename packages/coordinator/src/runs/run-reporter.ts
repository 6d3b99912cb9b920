// What the world sees of a run while it runs: progress messages on `mcx.progress.<runId>` (throttled, with a
// convergence snapshot at most once a second) and the run's record in KV (throttled while running, always at the
// end). Writes of the record are serialised, so an older record never overwrites a newer one.
import type { RunProgress } from "@mcx/core";
import type { ProgressMessage, ProgressSnapshot, RunRecord } from "@mcx/protocol";
import type { Logger } from "pino";
import { type SnapshotContext, toSnapshot } from "./progress-snapshot.ts";

/** Least time between two snapshots in progress messages: they are O(points × slots). */
const SNAPSHOT_INTERVAL_MS = 1000;

/** Options of {@link createRunReporter}. */
export interface RunReporterOptions {
  /** Sends one progress message (core NATS publish on the run's progress subject). */
  readonly publish: (message: ProgressMessage) => void;
  /** Writes the run's record (the run store's `putRecord`). */
  readonly persist: (record: RunRecord) => Promise<void>;
  /** MCX_PROGRESS_INTERVAL_MS. */
  readonly progressIntervalMs: number;
  /** MCX_STATE_INTERVAL_MS. */
  readonly stateIntervalMs: number;
  readonly snapshotContext: SnapshotContext;
  readonly logger: Logger;
  /** @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** Reports one run. */
export interface RunReporter {
  /**
   * After a merged summary: publishes and writes, each at most once per its interval. `record` is called only when
   * one of them is due (it is built from the driver's counters on demand).
   */
  progress(record: () => RunRecord, snapshot: () => RunProgress): void;
  /** Publishes at once (the first message of a run, the last one with `snapshot`). */
  announce(record: RunRecord, snapshot?: ProgressSnapshot): void;
  /** Writes the record now (after what was queued before). Never rejects: a failed write is logged. */
  save(record: RunRecord): Promise<void>;
}

export function createRunReporter(options: RunReporterOptions): RunReporter {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastSnapshot = Number.NEGATIVE_INFINITY;
  let lastState = startedAt;
  let writing: Promise<void> = Promise.resolve();

  const message = (record: RunRecord, snapshot?: ProgressSnapshot): ProgressMessage => ({
    runId: record.runId,
    status: record.status,
    trialsDone: record.trialsDone,
    trialsPlanned: record.trialsPlanned,
    shardsDone: record.shardsDone,
    shardsPlanned: record.shardsPlanned,
    duplicatesDropped: record.duplicatesDropped,
    rejected: record.rejected,
    ...(record.shardsRetried === undefined ? {} : { shardsRetried: record.shardsRetried }),
    elapsedSeconds: (now() - startedAt) / 1000,
    ...(snapshot === undefined ? {} : { snapshot }),
    ...(record.digest === undefined ? {} : { digest: record.digest }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.regression === undefined ? {} : { regression: record.regression }),
    at: new Date(now()).toISOString(),
  });
  const announce = (record: RunRecord, snapshot?: ProgressSnapshot): void => {
    try {
      options.publish(message(record, snapshot));
    } catch (e) {
      options.logger.debug({ err: (e as Error).message }, "progress not published");
    }
  };
  const save = (record: RunRecord): Promise<void> => {
    writing = writing
      .then(() => options.persist(record))
      .catch((e: unknown) => options.logger.warn({ err: (e as Error).message }, "run record not written"));
    return writing;
  };

  return {
    progress(record, snapshot) {
      const t = now();
      if (t - lastProgress >= options.progressIntervalMs) {
        lastProgress = t;
        let shot: ProgressSnapshot | undefined;
        if (t - lastSnapshot >= SNAPSHOT_INTERVAL_MS) {
          lastSnapshot = t;
          shot = toSnapshot(snapshot(), options.snapshotContext);
        }
        announce(record(), shot);
      }
      if (t - lastState >= options.stateIntervalMs) {
        lastState = t;
        void save(record());
      }
    },
    announce,
    save,
  };
}
