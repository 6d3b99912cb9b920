import type { ConnectionState, Dependency, ServiceConnections } from "@mcx/protocol";
import type { Logger } from "pino";

/** What the watch needs of an ioredis client (BullMQ's own, so the state is that of the connection in use). */
export interface RedisEventSource {
  on(event: "ready" | "close" | "error", listener: (arg: unknown) => void): unknown;
  /** The probe: INFO, which every role of infra/redis/users.acl may send (PING is not in BullMQ's client type). */
  info(): Promise<unknown>;
}

/** What the watch needs of a NATS connection: its stream of status events (ends when the connection closes). */
export interface NatsStatusSource {
  status(): AsyncIterable<{ readonly type: string; readonly error?: unknown }>;
  /** A round trip to the server. */
  rtt(): Promise<number>;
}

/** Options of {@link createConnectionWatch}. */
export interface ConnectionWatchOptions {
  /**
   * How often each connection is probed (Redis INFO, NATS round trip), and how long a probe may take: a server that
   * stops answering without closing the connection (paused, cut off by a partition) counts as gone after this long.
   * @defaultValue 5000
   */
  readonly probeMs?: number;
  /** @defaultValue `() => new Date()` */
  readonly now?: () => Date;
}

/** The state of a service's connections to Redis and NATS, kept from their clients' events. */
export interface ConnectionWatch {
  /** Follows `client`; `connected` says whether it is ready now. */
  watchRedis(client: RedisEventSource, connected: boolean): void;
  /** Follows `nc`, connected now. */
  watchNats(nc: NatsStatusSource): void;
  /** For heartbeats and the coordinator's listing. */
  snapshot(): ServiceConnections;
  /** Stops reporting: a service that closes its own connections is not waiting for anything. */
  stop(): void;
}

/** Room for the error text in a heartbeat. */
const REASON_CHARS = 300;

/** An error's message without credentials (`redis://user:password@host` → `redis://host`), cut to fit a heartbeat. */
function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\/\/[^/@\s]*@/g, "//").slice(0, REASON_CHARS);
}

/**
 * Creates the watch of one service. Both connections start as `waiting` (not made yet); the service hands each client
 * over once it has connected. A connection is lost when its client says so (closed, reconnecting) or when it has not
 * answered a probe for `probeMs`. A loss is logged once as `waiting for <dependency>` (warn) and the return once as
 * `<dependency> connected again` (info); the errors in between only update the reason.
 * @example
 * const watch = createConnectionWatch(logger);
 * watch.watchNats(nc);
 * watch.snapshot().nats.state // → "connected"
 */
export function createConnectionWatch(logger: Logger, options: ConnectionWatchOptions = {}): ConnectionWatch {
  const now = options.now ?? (() => new Date());
  const probeMs = options.probeMs ?? 5_000;
  const timers: NodeJS.Timeout[] = [];
  const started = now().toISOString();
  const states: Record<Dependency, ConnectionState> = {
    redis: { state: "waiting", since: started },
    nats: { state: "waiting", since: started },
  };
  const everConnected: Record<Dependency, boolean> = { redis: false, nats: false };
  let stopped = false;

  const connected = (dependency: Dependency): void => {
    if (stopped || states[dependency].state === "connected") return;
    const waitedMs = now().getTime() - Date.parse(states[dependency].since);
    if (everConnected[dependency]) logger.info({ dependency, waitedMs }, `${dependency} connected again`);
    everConnected[dependency] = true;
    states[dependency] = { state: "connected", since: now().toISOString() };
  };
  const waiting = (dependency: Dependency, reason?: unknown): void => {
    if (stopped) return;
    const current = states[dependency];
    const text = reason === undefined ? current.reason : reasonOf(reason);
    if (current.state === "waiting") {
      if (text !== undefined) states[dependency] = { ...current, reason: text };
      return;
    }
    states[dependency] = {
      state: "waiting",
      since: now().toISOString(),
      ...(text === undefined ? {} : { reason: text }),
    };
    logger.warn({ dependency, reason: text }, `waiting for ${dependency}`);
  };

  /** Probes `dependency` every `probeMs`; no answer in time counts as lost, an answer after that as back. */
  const probe = (dependency: Dependency, roundTrip: () => Promise<unknown>): void => {
    let silent = false;
    let inFlight = false;
    const run = (): void => {
      if (stopped || inFlight) return;
      inFlight = true;
      const timer = setTimeout(() => {
        if (states[dependency].state === "connected") {
          silent = true;
          waiting(dependency, new Error(`no answer for ${probeMs} ms`));
        }
      }, probeMs);
      roundTrip()
        .then(
          () => {
            if (silent) connected(dependency);
          },
          () => undefined,
        )
        .finally(() => {
          clearTimeout(timer);
          silent = false;
          inFlight = false;
        });
    };
    const every = setInterval(run, probeMs);
    every.unref();
    timers.push(every);
  };

  return {
    watchRedis(client, isReady) {
      if (isReady) connected("redis");
      probe("redis", () => client.info());
      client.on("ready", () => connected("redis"));
      client.on("close", () => waiting("redis"));
      // ioredis reports every failed reconnect here; while connected an error alone does not mean the link is gone.
      client.on("error", (e) => {
        if (states.redis.state === "waiting") waiting("redis", e);
      });
    },
    watchNats(nc) {
      connected("nats");
      probe("nats", () => nc.rtt());
      void (async () => {
        for await (const s of nc.status()) {
          if (s.type === "disconnect" || s.type === "reconnecting" || s.type === "staleConnection") waiting("nats");
          else if (s.type === "reconnect") connected("nats");
          else if (s.type === "error" && states.nats.state === "waiting") waiting("nats", s.error);
        }
      })().catch(() => undefined);
    },
    snapshot: () => ({ redis: { ...states.redis }, nats: { ...states.nats } }),
    stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
    },
  };
}
