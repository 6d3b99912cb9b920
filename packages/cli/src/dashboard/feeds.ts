import type { CoordinatorLink } from "./coordinator-link.ts";
import { RunFeed } from "./run-feed.ts";

/** Runs followed at most; beyond it the least recently used run nobody watches is dropped. */
export const MAX_FEEDS = 16;

/** The runs the dashboard follows live, one {@link RunFeed} each, shared by every page that shows the run. */
export class FeedRegistry {
  private readonly feeds = new Map<string, RunFeed>();
  private readonly link: CoordinatorLink;
  private readonly minIntervalMs: number | undefined;

  constructor(link: CoordinatorLink, options: { readonly minIntervalMs?: number } = {}) {
    this.link = link;
    this.minIntervalMs = options.minIntervalMs;
  }

  /** The run's feed (created on first use; the most recently used moves to the back). */
  get(runId: string, simulation: string): RunFeed {
    let feed = this.feeds.get(runId);
    if (feed !== undefined) this.feeds.delete(runId);
    else {
      feed = new RunFeed({
        link: this.link,
        runId,
        simulation,
        ...(this.minIntervalMs === undefined ? {} : { minIntervalMs: this.minIntervalMs }),
      });
    }
    this.feeds.set(runId, feed);
    this.evict();
    return feed;
  }

  /** The run's feed if it is followed. */
  find(runId: string): RunFeed | undefined {
    return this.feeds.get(runId);
  }

  get size(): number {
    return this.feeds.size;
  }

  retainedRows(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.retainedRows();
    return n;
  }

  stopAll(): void {
    for (const f of this.feeds.values()) f.stop();
    this.feeds.clear();
  }

  private evict(): void {
    for (const [id, f] of this.feeds) {
      if (this.feeds.size <= MAX_FEEDS) return;
      if (f.subscribers === 0) {
        f.stop();
        this.feeds.delete(id);
      }
    }
  }
}
