import type { CoordinatorLink, RunRecord } from "./coordinator-link.ts";
import type { RunsView } from "./live-types.ts";

/** How often the runs list is asked for while somebody watches it. */
export const RUNS_POLL_MS = 2_000;
/** Runs listed (newest first). */
export const RUNS_LISTED = 200;

/** Rate and ETA of a running run from two listings. */
interface Seen {
  readonly trials: number;
  readonly ms: number;
  readonly rate: number | null;
}

/**
 * The runs list for every page that shows it, from one poll of the coordinator every {@link RUNS_POLL_MS} while
 * any page listens; rates are trials per second between two polls, ETAs the planned trials left at that rate.
 */
export class RunsPoller {
  private readonly link: CoordinatorLink;
  private readonly listeners = new Set<(view: RunsView) => void>();
  private readonly seen = new Map<string, Seen>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: RunsView | undefined;

  constructor(link: CoordinatorLink) {
    this.link = link;
  }

  /** The list now (asks the coordinator). */
  async fetch(): Promise<RunsView> {
    const [list, schedules] = await Promise.all([this.link.list(RUNS_LISTED), this.link.schedules()]);
    const now = Date.now();
    const live: Record<string, { ratePerSecond: number | null; etaSeconds: number | null }> = {};
    for (const run of list.runs) live[run.runId] = this.rateOf(run, now);
    const view: RunsView = {
      runs: list.runs,
      schedules,
      coordinator: list.coordinator,
      live,
      at: new Date(now).toISOString(),
    };
    this.latest = view;
    return view;
  }

  subscribe(listener: (view: RunsView) => void): () => void {
    this.listeners.add(listener);
    if (this.latest !== undefined) listener(this.latest);
    if (this.timer === undefined) this.tick();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = setTimeout(() => this.tick(), RUNS_POLL_MS);
    this.fetch().then(
      (view) => {
        for (const l of this.listeners) l(view);
      },
      // The coordinator is away (failing over, restarting): the pages keep the last list until it answers.
      () => undefined,
    );
  }

  private rateOf(run: RunRecord, now: number): { ratePerSecond: number | null; etaSeconds: number | null } {
    if (run.status !== "running") {
      this.seen.delete(run.runId);
      return { ratePerSecond: null, etaSeconds: null };
    }
    const before = this.seen.get(run.runId);
    let rate = before?.rate ?? null;
    if (before !== undefined && now - before.ms >= 1_000 && run.trialsDone > before.trials)
      rate = ((run.trialsDone - before.trials) * 1000) / (now - before.ms);
    if (before === undefined || now - before.ms >= 1_000)
      this.seen.set(run.runId, { trials: run.trialsDone, ms: now, rate });
    const left = Math.max(0, run.trialsPlanned - run.trialsDone);
    return { ratePerSecond: rate, etaSeconds: rate === null || rate <= 0 ? null : left / rate };
  }
}
