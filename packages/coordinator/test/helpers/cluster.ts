import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { McxClient, RunRecord } from "@mcx/client";
import { type ServerHandle, startNats, startRedis } from "@mcx/testkit";

// Shared set-up of the integration tests that run the coordinator and workers as processes from the built
// JavaScript, against real redis-server and nats-server with the roles, ACL and permissions of infra/.

export const root = fileURLToPath(new URL("../../../../", import.meta.url));
export const coordinatorMain = `${root}packages/coordinator/dist/main.js`;
export const workerMain = `${root}packages/worker/dist/main.js`;
/** The built CLI, whose `coordinator` and `worker` commands run the services in its own process. */
export const cliMain = `${root}packages/cli/dist/main.js`;

export interface ClusterPasswords {
  readonly redisCoordinator: string;
  readonly redisWorker: string;
  readonly natsCoordinator: string;
  readonly natsWorker: string;
  readonly natsCli: string;
}

/** Passwords for one test file's servers, distinct per `tag`. */
export function testPasswords(tag: string): ClusterPasswords {
  return {
    redisCoordinator: `rc-${tag}-pw`,
    redisWorker: `rw-${tag}-pw`,
    natsCoordinator: `nc-${tag}-pw`,
    natsWorker: `nw-${tag}-pw`,
    natsCli: `nx-${tag}-pw`,
  };
}

/** The `user` lines of infra/redis/users.acl with test passwords (what render-acl.sh does, in plain text). */
export function infraAclLines(passwords: ClusterPasswords): string[] {
  return readFileSync(`${root}infra/redis/users.acl`, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("user ") && !l.startsWith("user default "))
    .map((l) =>
      l
        .replace("@COORDINATOR_PASSWORD@", `>${passwords.redisCoordinator}`)
        .replace("@WORKER_PASSWORD@", `>${passwords.redisWorker}`),
    );
}

export interface Servers {
  readonly redis: ServerHandle;
  readonly nats: ServerHandle;
}

/** Starts redis-server and nats-server -js with infra/'s users; fails early when the services are not built. */
export async function startServers(passwords: ClusterPasswords): Promise<Servers> {
  for (const f of [coordinatorMain, workerMain, cliMain]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (sh scripts/pnpm.sh run build)`);
  }
  const [redis, nats] = await Promise.all([
    startRedis({ aclLines: infraAclLines(passwords) }),
    startNats({
      authFile: `${root}infra/nats/auth.conf`,
      user: "cli",
      password: passwords.natsCli,
      env: {
        MCX_NATS_COORDINATOR_PASSWORD: passwords.natsCoordinator,
        MCX_NATS_WORKER_PASSWORD: passwords.natsWorker,
        MCX_NATS_CLI_PASSWORD: passwords.natsCli,
      },
    }),
  ]);
  return { redis, nats };
}

/** Environment of a coordinator process logged in as infra/'s `coordinator` user, with quick test intervals. */
export function coordinatorEnv(
  servers: Servers,
  passwords: ClusterPasswords,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MCX_REDIS_URL: `redis://coordinator:${passwords.redisCoordinator}@127.0.0.1:${servers.redis.port}`,
    MCX_NATS_URL: servers.nats.url,
    MCX_NATS_USER: "coordinator",
    MCX_NATS_PASSWORD: passwords.natsCoordinator,
    MCX_PROGRESS_INTERVAL_MS: "100",
    MCX_STATE_INTERVAL_MS: "200",
    // A coordinator killed in a test must not hold its successor back for the default 15 s.
    MCX_COORDINATOR_LEASE_MS: "2000",
    MCX_LOG_LEVEL: "info",
    ...extra,
  };
}

/** Environment of a one-thread worker process logged in as infra/'s `worker` user. */
export function workerEnv(
  servers: Servers,
  passwords: ClusterPasswords,
  id: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MCX_REDIS_URL: `redis://worker:${passwords.redisWorker}@127.0.0.1:${servers.redis.port}`,
    MCX_NATS_URL: servers.nats.url,
    MCX_NATS_USER: "worker",
    MCX_NATS_PASSWORD: passwords.natsWorker,
    MCX_WORKER_ID: id,
    MCX_WORKER_THREADS: "1",
    MCX_HEARTBEAT_MS: "1000",
    ...extra,
  };
}

/** Polls `probe` until it returns a value (errors count as "not yet"), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The record of a run once it is no longer running. */
export function finishedRun(client: McxClient, runId: string): Promise<RunRecord> {
  return waitFor(async () => {
    const run = await client.status(runId);
    return run.status === "running" ? undefined : run;
  }, `run ${runId} to finish`);
}

/** The record of a run once at least `shards` of its shards are merged. */
export function mergedShards(client: McxClient, runId: string, shards: number): Promise<RunRecord> {
  return waitFor(async () => {
    const run = await client.status(runId);
    return run.shardsDone >= shards ? run : undefined;
  }, `${shards} shards of run ${runId} merged`);
}
