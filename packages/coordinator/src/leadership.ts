import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { connectionError, isAuthFailure, type RedisConnectionOptions, Topology } from "@mcx/protocol";
import { Redis } from "ioredis";
import type { Logger } from "pino";

// One coordinator is active at a time: two would split the durable consumer's messages between them and each would
// stall the runs whose summaries went to the other. The active one holds a Redis key with a TTL (SET NX PX) and
// renews it; the others wait as standbys and take over when the key is released (graceful stop) or expires (crash).
// Redis keeps the time, so no two machines' clocks are compared.

/**
 * Renews the lease if this coordinator still holds it (compare-and-pexpire): 1. Takes it again when the key is gone
 * although its TTL cannot have run out (renewals stop a period before that): Redis lost it (restarted without AOF),
 * and no standby holds it: 2. Another holder: 0.
 */
const RENEW = `local holder = redis.call("get", KEYS[1])
if holder == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
if not holder then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 2 end
return 0`;
/** Deletes the lease if this coordinator still holds it (compare-and-delete). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0`;

/** Longest wait of a standby between two attempts to take the lease. */
const STANDBY_POLL_MS = 1000;

/** The lease of the active coordinator. */
export interface Leadership {
  /** This coordinator's id, the lease's value. */
  readonly id: string;
  /**
   * Settles with the reason when the lease is lost (taken by another coordinator, or not renewed in time): a
   * standby may be active already, so stop at once.
   */
  readonly lost: Promise<string>;
  /** Gives the lease up (graceful stop) so that a standby takes over without waiting for it to expire. */
  release(): Promise<void>;
}

/** Options of {@link acquireLeadership}. */
export interface LeadershipOptions {
  readonly redis: RedisConnectionOptions;
  /** How long the lease lives without renewal: the takeover delay after a crash. Renewed every third of it. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Aborts the wait of a standby (a stop signal): `acquireLeadership` then resolves `undefined`. */
  readonly signal?: AbortSignal;
  /** @defaultValue `<host>:<pid>:<random>` */
  readonly id?: string;
}

/**
 * Becomes the active coordinator: takes the lease at once when it is free, else waits as a standby, trying again
 * every second (or third of the lease, if shorter), until it is free or `signal` aborts. Then renews it every third
 * of the lease.
 * @throws McxError MCX_CONNECTION when Redis cannot be reached on the first attempt
 * @example
 * const leadership = await acquireLeadership({ redis, leaseMs: 15_000, logger });
 * leadership.lost.then(() => process.exit(1));
 */
export async function acquireLeadership(options: LeadershipOptions): Promise<Leadership | undefined> {
  const { logger, leaseMs } = options;
  const id = options.id ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const key = Topology.coordinatorLeaseKey;
  const every = Math.max(100, Math.floor(leaseMs / 3));
  // A standby asks about once a second whatever its own lease: the holder's lease decides when it may take over.
  const poll = Math.min(every, STANDBY_POLL_MS);
  // A command that gets no answer (Redis paused, a partition that closes nothing) fails after one renewal period
  // instead of hanging, so a silent Redis is noticed like a refusing one.
  const redis = new Redis({ ...options.redis, maxRetriesPerRequest: 2, lazyConnect: true, commandTimeout: every });
  // Reported by the commands that fail; a refused AUTH comes only as an event, the connect then says "closed".
  let refused: unknown;
  redis.on("error", (e: unknown) => {
    if (isAuthFailure(e)) refused = e;
  });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw connectionError(
      "Redis",
      `${options.redis.host}:${options.redis.port}`,
      refused ?? e,
      "check MCX_REDIS_URL and the credentials (the coordinator's ACL user needs ~mcx:coordinator:*)",
    );
  }

  let waiting = false;
  // When the request that last set the lease's TTL was sent: Redis counts the TTL from a moment after it, so the
  // lease lives at least until renewedAt + leaseMs.
  let renewedAt = 0;
  for (;;) {
    if (options.signal?.aborted) {
      redis.disconnect();
      return undefined;
    }
    try {
      renewedAt = performance.now();
      if ((await redis.set(key, id, "PX", leaseMs, "NX")) === "OK") break;
      if (!waiting) {
        waiting = true;
        logger.info({ holder: await redis.get(key), leaseMs }, "standby: another coordinator holds the lease");
      }
    } catch (e) {
      logger.warn({ err: (e as Error).message }, "coordinator lease: Redis unavailable, trying again");
    }
    await sleep(poll, undefined, { signal: options.signal }).catch(() => undefined);
  }
  logger.info({ id, leaseMs }, "coordinator lease acquired");

  let released = false;
  let lastError = "Redis did not answer";
  let onLost: (reason: string) => void = () => undefined;
  const lost = new Promise<string>((resolve) => {
    onLost = resolve;
  });
  const timer = setInterval(() => {
    if (released) return;
    // Give up a renewal period before the key can expire: past that point a standby may be active already. Checked
    // on every tick, not only when a renewal fails, so renewals that never answer count as failed too.
    if (performance.now() - renewedAt >= leaseMs - every) {
      stop(`the lease could not be renewed: ${lastError}`);
      return;
    }
    const sentAt = performance.now();
    redis.eval(RENEW, 1, key, id, leaseMs).then(
      (kept) => {
        if (released) return;
        if (kept === 2) logger.warn({ id }, "coordinator lease taken again: Redis had lost it");
        if (kept === 1 || kept === 2) renewedAt = Math.max(renewedAt, sentAt);
        else stop("another coordinator holds the lease");
      },
      (e: unknown) => {
        lastError = (e as Error).message;
      },
    );
  }, every);
  const stop = (reason: string): void => {
    released = true;
    clearInterval(timer);
    redis.disconnect();
    onLost(reason);
  };

  return {
    id,
    lost,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        await redis.eval(RELEASE, 1, key, id);
      } catch (e) {
        logger.warn({ err: (e as Error).message }, "coordinator lease not released; it expires by itself");
      } finally {
        redis.disconnect();
      }
    },
  };
}
