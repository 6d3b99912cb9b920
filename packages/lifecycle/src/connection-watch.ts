import type { ConnectionState, Dependency, ServiceConnections } from "@mcx/protocol";
import type { Logger } from "pino";

/** What the watch needs of an ioredis client (BullMQ's own, so the state is that of the connection in use). */
export interface RedisEventSource {
  on(event: "ready" | "close" | "error", listener: (arg: unknown) => void): unknown;
}

/** What the watch needs of a NATS connection: its stream of status events (ends when the connection closes). */
export interface NatsStatusSource {
  status(): AsyncIterable<{ readonly type: string; readonly error?: unknown }>;
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
 * over once it has connected. A lost connection is logged once as `waiting for <dependency>` (warn) and its return
 * once as `<dependency> connected again` (info); the errors in between only update the reason.
 * @example
 * const watch = createConnectionWatch(logger);
 * watch.watchNats(nc);
 * watch.snapshot().nats.state // → "connected"
 */
export function createConnectionWatch(logger: Logger, now: () => Date = () => new Date()): ConnectionWatch {
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

  return {
    watchRedis(client, isReady) {
      if (isReady) connected("redis");
      client.on("ready", () => connected("redis"));
      client.on("close", () => waiting("redis"));
      // ioredis reports every failed reconnect here; while connected an error alone does not mean the link is gone.
      client.on("error", (e) => {
        if (states.redis.state === "waiting") waiting("redis", e);
      });
    },
    watchNats(nc) {
      connected("nats");
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
    },
  };
}
