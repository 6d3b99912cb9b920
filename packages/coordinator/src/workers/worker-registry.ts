import { WorkerHeartbeatSchema, type WorkerInfo } from "@mcx/protocol";

/** What the coordinator knows about live workers, from their heartbeats on `mcx.worker.<id>`. */
export interface WorkerRegistry {
  /** Records a heartbeat; false when the message is malformed (counted by the caller). */
  observe(body: unknown): boolean;
  list(): WorkerInfo[];
  /** Pool threads and BullMQ concurrency over live workers (0 when none is known). */
  totals(): { workers: number; threads: number; concurrency: number };
}

/**
 * @param expiryMs workers not heard from for this long are forgotten (MCX_WORKER_EXPIRY_MS)
 * @param now the clock (tests pass their own)
 */
export function createWorkerRegistry(expiryMs: number, now: () => number = Date.now): WorkerRegistry {
  const seen = new Map<string, { info: WorkerInfo; at: number }>();
  const prune = (): void => {
    const t = now();
    for (const [id, w] of seen) if (t - w.at > expiryMs) seen.delete(id);
  };
  return {
    observe(body) {
      const parsed = WorkerHeartbeatSchema.safeParse(body);
      if (!parsed.success) return false;
      const hb = parsed.data;
      seen.set(hb.workerId, {
        at: now(),
        info: {
          workerId: hb.workerId,
          threads: hb.threads,
          concurrency: hb.concurrency,
          active: hb.active,
          completed: hb.completed,
          failed: hb.failed,
          malformed: hb.malformed,
          draining: hb.draining,
          lastSeen: new Date(now()).toISOString(),
          ...(hb.connections === undefined ? {} : { connections: hb.connections }),
        },
      });
      return true;
    },
    list() {
      prune();
      return [...seen.values()].map((w) => w.info).sort((a, b) => a.workerId.localeCompare(b.workerId));
    },
    totals() {
      prune();
      let threads = 0;
      let concurrency = 0;
      let workers = 0;
      for (const { info } of seen.values()) {
        if (info.draining) continue;
        workers++;
        threads += info.threads;
        concurrency += info.concurrency;
      }
      return { workers, threads, concurrency };
    },
  };
}
