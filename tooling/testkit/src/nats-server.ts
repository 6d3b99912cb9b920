import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFreePort } from "./free-port.ts";
import { createStop, type ServerHandle, spawnTracked, waitUntil } from "./process.ts";

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
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function httpOk(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path, timeout: 1_000 }, (res) => {
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
export async function startNats(options: NatsOptions = {}): Promise<ServerHandle> {
  const user = options.user ?? "mcx";
  const password = options.password ?? randomBytes(12).toString("hex");
  const users: NatsUser[] = [{ user, password }, ...(options.users ?? [])];
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await getFreePort();
    const httpPort = await getFreePort();
    const dir = mkdtempSync(join(tmpdir(), "mcx-nats-"));
    mkdirSync(join(dir, "jetstream"));
    const userLines = users.map(
      (u) =>
        `    { user: ${quote(u.user)}, password: ${quote(u.password)}${u.permissions ? `, permissions: { ${u.permissions} }` : ""} }`,
    );
    const conf = [
      `listen: "127.0.0.1:${port}"`,
      `http: "127.0.0.1:${httpPort}"`,
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
    const { child, output } = spawnTracked(options.bin ?? "nats-server", ["-c", confPath], {
      env: { ...process.env, ...options.env },
    });
    try {
      await waitUntil(
        `nats-server on port ${port}`,
        () => httpOk(httpPort, "/healthz?js-enabled-only=true"),
        child,
        output,
        options.readyTimeoutMs,
      );
    } catch (e) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      lastError = e;
      if (output().includes("address already in use")) continue;
      throw e;
    }
    return {
      url: `nats://127.0.0.1:${port}`,
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
