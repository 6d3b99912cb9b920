import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFreePort } from "./free-port.ts";
import {
  createStop,
  type Placement,
  placedCommand,
  type ServerHandle,
  spawnTracked,
  tcpExchange,
  waitUntil,
} from "./process.ts";

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
  /**
   * Persistence as `infra/local` runs it: the AOF, fsynced every second (what a `kill -9` can lose).
   * @defaultValue `false` (`appendonly no`: a restart starts empty, like a cache-style Redis)
   */
  readonly appendonly?: boolean;
  /**
   * Port and data directory of a server started before and killed: `restartRedis` passes them, so the new server
   * listens where the clients reconnect and reads the AOF the old one wrote. @defaultValue a free port, a new dir
   */
  readonly port?: number;
  readonly dir?: string;
  /** Where it listens and runs: see {@link Placement}. @defaultValue loopback of this process' namespace */
  readonly placement?: Placement;
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
  const placement = options.placement ?? {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await getFreePort());
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), "mcx-redis-"));
    const conf = [
      `port ${port}`,
      `bind ${placement.bind ?? "127.0.0.1"}`,
      "save ''",
      options.appendonly ? "appendonly yes\nappendfsync everysec" : "appendonly no",
      `dir ${dir}`,
      "daemonize no",
      "loglevel warning",
      "user default off",
      `user ${user} on >${password} ~* &* +@all`,
      ...(options.aclLines ?? []),
    ].join("\n");
    const confPath = join(dir, "redis.conf");
    writeFileSync(confPath, `${conf}\n`, { mode: 0o600 });
    const [command, args] = placedCommand(placement, options.bin ?? "redis-server", [confPath]);
    const { child, output } = spawnTracked(command, args);
    try {
      await waitUntil(
        `redis-server on port ${port}`,
        async () => {
          const reply = await tcpExchange(
            placement.probeHost ?? "127.0.0.1",
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
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
      lastError = e;
      if (output().includes("Address already in use") && options.port === undefined) continue;
      throw e;
    }
    const host = placement.probeHost ?? "127.0.0.1";
    return {
      url: `redis://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`,
      port,
      pid: child.pid ?? -1,
      user,
      password,
      dir,
      output,
      ...createStop(child, dir),
    };
  }
  throw lastError;
}

/**
 * Starts a killed server again (`handle.kill()`) with the same options: same port, users and directory, so clients
 * reconnect to it and, with `appendonly`, it reads back what its AOF kept.
 * @example await redis.kill(); await sleep(10_000); redis = await restartRedis(redis, options);
 */
export function restartRedis(handle: ServerHandle, options: RedisOptions = {}): Promise<ServerHandle> {
  return startRedis({ ...options, user: handle.user, password: handle.password, port: handle.port, dir: handle.dir });
}
