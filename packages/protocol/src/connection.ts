// Connection settings shared by the coordinator and the workers: pure parsing of the MCX_REDIS_URL / MCX_NATS_URL
// values and their credentials into client options, and the error of a failed first connection. Nothing here
// connects.
import { McxError, McxErrorCode } from "@mcx/core";

/** Redis connection settings for BullMQ (ioredis options). */
export interface RedisConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: Record<string, never>;
}

/** NATS connection settings (`@nats-io/transport-node` `connect` options). */
export interface NatsConnectionOptions {
  readonly servers: string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
}

/**
 * Turns `redis://user:pw@host:port/db` plus explicit user/password (which win) into connection settings;
 * `rediss:` turns TLS on.
 * @example toRedisConnection("redis://w:p@redis:6380/2").port // → 6380
 */
export function toRedisConnection(url: string, user?: string, password?: string): RedisConnectionOptions {
  const u = new URL(url);
  const username = user ?? (u.username === "" ? undefined : decodeURIComponent(u.username));
  const pw = password ?? (u.password === "" ? undefined : decodeURIComponent(u.password));
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname === "" ? "127.0.0.1" : u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port === "" ? 6379 : Number(u.port),
    db: Number.isInteger(db) && db >= 0 ? db : 0,
    ...(username === undefined ? {} : { username }),
    ...(pw === undefined ? {} : { password: pw }),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
  };
}

/**
 * Splits a comma-separated server list and attaches credentials (a token wins over user/password).
 * @example toNatsConnection("nats://a:4222, nats://b:4222").servers // → ["nats://a:4222", "nats://b:4222"]
 */
export function toNatsConnection(
  urls: string,
  user?: string,
  password?: string,
  token?: string,
): NatsConnectionOptions {
  const servers = urls
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (token !== undefined) return { servers, token };
  return { servers, ...(user === undefined ? {} : { user }), ...(password === undefined ? {} : { pass: password }) };
}

/**
 * A service's NATS client options: reconnect forever (a service outlives NATS restarts), wait for the first
 * connection, and build no Error up front per request for its call site (a measurable share of the main thread's
 * time per shard, for a stack trace nobody reads).
 */
export function serviceNatsOptions(nats: NatsConnectionOptions, name: string) {
  return { ...nats, name, maxReconnectAttempts: -1, waitOnFirstConnect: true, noAsyncTraces: true } as const;
}

/**
 * A URL without the credentials it may carry (`redis://user:pw@h:1` → `redis://h:1`), for messages and logs.
 * @example redactUrl("nats://cli:secret@n:4222") // → "nats://n:4222"
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}

/** Whether a connection failed because the server refused the credentials (NATS, Redis). */
export function isAuthFailure(e: unknown): boolean {
  const err = e as { name?: unknown; message?: unknown };
  return (
    err?.name === "AuthorizationError" ||
    (typeof err?.message === "string" &&
      /authorization violation|WRONGPASS|NOAUTH|invalid username-password/i.test(err.message))
  );
}

/**
 * The error of a first connection to NATS or Redis that failed: MCX_AUTH (bad input, exit 2) when the server refused
 * the credentials, else MCX_CONNECTION; with the variables to check, and no credentials in the message.
 * @example connectionError("NATS", "nats://n:4222", e).message // → "cannot connect to NATS at nats://n:4222: …"
 */
export function connectionError(what: "NATS" | "Redis", where: string, cause: unknown, hint?: string): McxError {
  const variables =
    what === "NATS"
      ? "check MCX_NATS_URL and the credentials (MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN)"
      : "check MCX_REDIS_URL and the ACL user (MCX_REDIS_USER/MCX_REDIS_PASSWORD)";
  const at = where.split(",").map(redactUrl).join(",");
  if (isAuthFailure(cause)) {
    return new McxError(McxErrorCode.AUTH, `${what} at ${at} refused the credentials`, {
      cause,
      hint: hint ?? variables,
    });
  }
  return new McxError(McxErrorCode.CONNECTION, `cannot connect to ${what} at ${at}: ${(cause as Error).message}`, {
    cause,
    hint: hint ?? variables,
  });
}
