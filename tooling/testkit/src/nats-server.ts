import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFreePort } from "./free-port.ts";
import { createStop, type Placement, placedCommand, type ServerHandle, spawnTracked, waitUntil } from "./process.ts";

export interface NatsUser {
  readonly user: string;
  readonly password: string;
  /** nats.conf `permissions` block body, e.g. `publish: ["mcx.api.>"], subscribe: ["_INBOX.>"]`. @defaultValue all subjects */
  readonly permissions?: string;
}

export interface NatsOptions {
  /** Binary to run. @defaultValue `"nats-server"` (from PATH) */
  readonly bin?: string;
  /** User the handle authenticates as; it may publish and subscribe everywhere. @defaultValue `"mcx"` */
  readonly user?: string;
  /** @defaultValue a random 24-character hex string */
  readonly password?: string;
  /** More users, e.g. the coordinator/worker/cli roles of `infra/nats/nats.conf`. @defaultValue `[]` */
  readonly users?: readonly NatsUser[];
  /**
   * A file with an `authorization { … }` block (e.g. `infra/nats/auth.conf`) used instead of the generated users;
   * it is copied next to the generated config and included. `user`/`password` must then name one of its users.
   * @defaultValue undefined (users generated from `user`, `password` and `users`)
   */
  readonly authFile?: string;
  /** Extra environment of the server process, e.g. passwords the `authFile` reads as `$NAME`. @defaultValue `{}` */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for `/healthz` to report JetStream ready. @defaultValue `15000` */
  readonly readyTimeoutMs?: number;
  /**
   * Ports and directory of a server started before and killed (`ServerHandle.kill`): the restarted server listens
   * where the clients reconnect and keeps the JetStream store. @defaultValue free ports, a new directory
   */
  readonly port?: number;
  readonly httpPort?: number;
  readonly dir?: string;
  /** Where it listens and runs: see {@link Placement}. @defaultValue loopback of this process' namespace */
  readonly placement?: Placement;
}

/** A nats-server handle that also says where its monitoring endpoint is (for a restart on the same ports). */
export interface NatsHandle extends ServerHandle {
  readonly httpPort: number;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function httpOk(host: string, port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host, port, path, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("error", () => resolve(false));
    req.once("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts a throw-away `nats-server` with JetStream on a free loopback port. The config file, the JetStream store and
 * the log live in a temporary directory; clients must authenticate with a user and password. Resolves once the
 * monitoring endpoint `/healthz?js-enabled-only=true` answers 200.
 * @throws Error with the server output when it exits early or is not ready in time.
 * @example const nats = await startNats(); nats.url // → "nats://127.0.0.1:41238" (credentials in user/password)
 */
export async function startNats(options: NatsOptions = {}): Promise<NatsHandle> {
  const user = options.user ?? "mcx";
  const password = options.password ?? randomBytes(12).toString("hex");
  const users: NatsUser[] = [{ user, password }, ...(options.users ?? [])];
  let lastError: unknown;
  const placement = options.placement ?? {};
  const bind = placement.bind ?? "127.0.0.1";
  const host = placement.probeHost ?? "127.0.0.1";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await getFreePort());
    const httpPort = options.httpPort ?? (await getFreePort());
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), "mcx-nats-"));
    mkdirSync(join(dir, "jetstream"), { recursive: true });
    const userLines = users.map(
      (u) =>
        `    { user: ${quote(u.user)}, password: ${quote(u.password)}${u.permissions ? `, permissions: { ${u.permissions} }` : ""} }`,
    );
    const conf = [
      `listen: "${bind}:${port}"`,
      `http: "${bind}:${httpPort}"`,
      `server_name: "mcx-test-${port}"`,
      "jetstream {",
      `  store_dir: ${quote(join(dir, "jetstream"))}`,
      "  max_memory_store: 256MB",
      "  max_file_store: 2GB",
      "}",
      "max_payload: 8MB",
      ...(options.authFile
        ? ["include ./auth.conf"]
        : ["authorization {", "  users: [", userLines.join(",\n"), "  ]", "}"]),
    ].join("\n");
    if (options.authFile) copyFileSync(options.authFile, join(dir, "auth.conf"));
    const confPath = join(dir, "nats.conf");
    writeFileSync(confPath, `${conf}\n`, { mode: 0o600 });
    const [command, args] = placedCommand(placement, options.bin ?? "nats-server", ["-c", confPath]);
    const { child, output } = spawnTracked(command, args, { env: { ...process.env, ...options.env } });
    try {
      await waitUntil(
        `nats-server on port ${port}`,
        () => httpOk(host, httpPort, "/healthz?js-enabled-only=true"),
        child,
        output,
        options.readyTimeoutMs,
      );
    } catch (e) {
      child.kill("SIGKILL");
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
      lastError = e;
      if (output().includes("address already in use") && options.port === undefined) continue;
      throw e;
    }
    return {
      url: `nats://${host}:${port}`,
      port,
      httpPort,
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

/** Starts a killed server again (`handle.kill()`) with the same options, ports and JetStream store. */
export function restartNats(handle: NatsHandle, options: NatsOptions = {}): Promise<NatsHandle> {
  return startNats({
    ...options,
    user: handle.user,
    password: handle.password,
    port: handle.port,
    httpPort: handle.httpPort,
    dir: handle.dir,
  });
}
