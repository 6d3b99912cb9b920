import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFreePort } from "./free-port.ts";
import { createStop, type ServerHandle, spawnTracked, tcpExchange, waitUntil } from "./process.ts";

export interface RedisOptions {
  /** Binary to run. @defaultValue `"redis-server"` (from PATH) */
  readonly bin?: string;
  /** ACL user the returned URL authenticates as; it gets every key and command. @defaultValue `"mcx"` */
  readonly user?: string;
  /** @defaultValue a random 24-character hex string */
  readonly password?: string;
  /**
   * Extra ACL rules, one `user …` line each (redis.conf syntax), e.g. to test the roles of `infra/redis/users.acl`.
   * @defaultValue `[]`
   */
  readonly aclLines?: readonly string[];
  /** How long to wait for PONG. @defaultValue `15000` */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a throw-away `redis-server` on a free loopback port: no persistence, the `default` user disabled, one ACL
 * user with a password. Resolves once `AUTH` + `PING` answers `PONG`.
 * @throws Error with the server output when it exits early or is not ready in time.
 * @example const redis = await startRedis(); redis.url // → "redis://mcx:5f…@127.0.0.1:41237"
 */
export async function startRedis(options: RedisOptions = {}): Promise<ServerHandle> {
  const user = options.user ?? "mcx";
  const password = options.password ?? randomBytes(12).toString("hex");
  // The free port can be taken between probe and bind: try a few ports before giving up.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await getFreePort();
    const dir = mkdtempSync(join(tmpdir(), "mcx-redis-"));
    const conf = [
      `port ${port}`,
      "bind 127.0.0.1",
      "save ''",
      "appendonly no",
      `dir ${dir}`,
      "daemonize no",
      "loglevel warning",
      "user default off",
      `user ${user} on >${password} ~* &* +@all`,
      ...(options.aclLines ?? []),
    ].join("\n");
    const confPath = join(dir, "redis.conf");
    writeFileSync(confPath, `${conf}\n`, { mode: 0o600 });
    const { child, output } = spawnTracked(options.bin ?? "redis-server", [confPath]);
    try {
      await waitUntil(
        `redis-server on port ${port}`,
        async () => {
          const reply = await tcpExchange(
            port,
            `AUTH ${user} ${password}\r\nPING\r\n`,
            (r) => r.includes("PONG") || r.includes("-"),
          );
          return reply.includes("+PONG");
        },
        child,
        output,
        options.readyTimeoutMs,
      );
    } catch (e) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      lastError = e;
      if (output().includes("Address already in use")) continue;
      throw e;
    }
    return {
      url: `redis://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
      port,
      pid: child.pid ?? -1,
      user,
      password,
      dir,
      stop: createStop(child, dir),
    };
  }
  throw lastError;
}
