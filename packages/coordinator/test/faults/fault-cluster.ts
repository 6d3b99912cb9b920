import { mkdirSync, writeFileSync } from "node:fs";
import { connectClient, type McxClient, type RunRecord } from "@mcx/client";
import { resolveSpec, runInline } from "@mcx/core";
import { type NatsHandle, restartNats, restartRedis, type ServerHandle, startNats, startRedis } from "@mcx/testkit";
import {
  assertBuilt,
  coordinatorEnv,
  coordinatorMain,
  infraNatsOptions,
  infraRedisOptions,
  root,
  type ServiceRoutes,
  testPasswords,
  waitFor,
  workerEnv,
  workerMain,
} from "../helpers/cluster.ts";
import type { Host, Network } from "./network.ts";
import { type Supervised, supervise } from "./supervised.ts";

// The fault suite's cluster: Redis and NATS with infra/'s users and permissions, coordinators and workers as
// processes from the built JavaScript under a restart policy, each on its host of the network (namespaces or
// loopback), and a client logged in as `cli` from the test's host.

export interface FaultClusterOptions {
  readonly net: Network;
  readonly tag: string;
  /** Redis with its AOF (as infra/local runs it) or without persistence. @defaultValue true */
  readonly appendonly?: boolean;
  /** Coordinators on the `coord` host: 1, or 2 for an active and a standby. @defaultValue 1 */
  readonly coordinators?: number;
  readonly workers?: readonly Host[];
  readonly coordinatorEnv?: Record<string, string>;
  readonly workerEnv?: Record<string, string>;
  /**
   * Puts something between every client and the servers (delay proxies), given the servers' ports: services and the
   * client connect to the ports it returns. Loopback only.
   */
  readonly via?: (servers: { readonly redisPort: number; readonly natsPort: number }) => Promise<{
    readonly redisPort: number;
    readonly natsPort: number;
  }>;
}

export interface FaultCluster {
  readonly client: McxClient;
  redis(): ServerHandle;
  nats(): NatsHandle;
  readonly coordinators: readonly Supervised[];
  readonly workers: ReadonlyMap<string, Supervised>;
  /** Starts a worker on `host` (one thread), with `env` on top of the cluster's worker settings. */
  addWorker(host: Host, env?: Record<string, string>): Supervised;
  killRedis(): Promise<void>;
  restartRedis(): Promise<void>;
  killNats(): Promise<void>;
  restartNats(): Promise<void>;
  /** Submits a spec (an object, sent as JSON); resolves with its run id. */
  submit(spec: object): Promise<string>;
  close(): Promise<void>;
}

export async function startFaultCluster(options: FaultClusterOptions): Promise<FaultCluster> {
  assertBuilt();
  const { net } = options;
  const passwords = testPasswords(options.tag);
  const redisOptions = infraRedisOptions(passwords, {
    appendonly: options.appendonly ?? true,
    placement: net.placement("redis"),
  });
  const natsOptions = infraNatsOptions(passwords, net.placement("nats"));
  let redis = await startRedis(redisOptions);
  let nats = await startNats(natsOptions);
  const servers = () => ({ redis, nats });
  const via = await options.via?.({ redisPort: redis.port, natsPort: nats.port });
  const routes = (host: Host): ServiceRoutes => ({
    redis: net.route(host, "redis"),
    nats: net.route(host, "nats"),
    ...(via === undefined ? {} : { redisPort: via.redisPort, natsPort: via.natsPort }),
  });

  const coordinators: Supervised[] = [];
  for (let i = 0; i < (options.coordinators ?? 1); i++) {
    coordinators.push(
      supervise(`coordinator-${i + 1}`, () =>
        net.spawn("coord", process.execPath, [coordinatorMain], {
          ...coordinatorEnv(servers(), passwords, options.coordinatorEnv, routes("coord")),
        }),
      ),
    );
  }
  // The first coordinator creates the stream; workers wait for it by themselves, so their order does not matter.
  const workers = new Map<string, Supervised>();
  const addWorker = (host: Host, env: Record<string, string> = {}): Supervised => {
    const worker = supervise(host, () =>
      net.spawn(host, process.execPath, [workerMain], {
        ...workerEnv(servers(), passwords, host, { ...options.workerEnv, ...env }, routes(host)),
      }),
    );
    workers.set(host, worker);
    return worker;
  };
  for (const host of options.workers ?? ["w1", "w2"]) addWorker(host);
  const client = await connectClient({
    servers: [`nats://${new URL(nats.url).hostname}:${via?.natsPort ?? nats.port}`],
    user: "cli",
    password: passwords.natsCli,
    timeoutMs: 10_000,
  });

  return {
    client,
    redis: () => redis,
    nats: () => nats,
    coordinators,
    workers,
    addWorker,
    killRedis: () => redis.kill(),
    async restartRedis() {
      redis = await restartRedis(redis, redisOptions);
    },
    killNats: () => nats.kill(),
    async restartNats() {
      nats = await restartNats(nats, natsOptions);
    },
    async submit(spec) {
      const name = (spec as { name?: string }).name ?? "fault";
      // A coordinator may be starting (or taking over): retried until one answers.
      return waitFor(
        async () => (await client.submit({ spec: JSON.stringify(spec), fileName: `${name}.json` })).runId,
        `a coordinator accepting ${name}`,
      );
    },
    async close() {
      await client.close().catch(() => undefined);
      await Promise.all([...workers.values(), ...coordinators].map((p) => p.stop(5_000)));
      saveLogs(options.tag, [...coordinators, ...workers.values()]);
      await Promise.all([redis.stop(), nats.stop()]);
    },
  };
}

/** Every process's output, kept in .mcx-tmp/faults/logs/<tag>.log for a look after the test. */
function saveLogs(tag: string, processes: readonly Supervised[]): void {
  const dir = `${root}.mcx-tmp/faults/logs`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${tag}.log`, processes.map((p) => `==> ${p.name}\n${p.output()}`).join("\n"));
}

/** The digest of `spec` run in one process, undisturbed: what every fault case must end with. */
export function undisturbedDigest(spec: object): string {
  return runInline(resolveSpec(spec)).digest;
}

/** The run's record once it is no longer running, polled through coordinator restarts and server outages. */
export function settled(client: McxClient, runId: string, timeoutMs = 240_000): Promise<RunRecord> {
  return waitFor(
    async () => {
      const run = await client.status(runId);
      return run.status === "running" ? undefined : run;
    },
    `run ${runId} to finish`,
    timeoutMs,
  );
}

/** Resolves once the run has merged more than `after` shards, with the milliseconds it took from `since`. */
export async function progressedAfter(
  client: McxClient,
  runId: string,
  after: number,
  since: number,
  timeoutMs = 240_000,
): Promise<number> {
  await waitFor(
    async () => {
      const run = await client.status(runId);
      return run.shardsDone > after || run.status !== "running" ? run : undefined;
    },
    `run ${runId} to merge a shard after the fault`,
    timeoutMs,
  );
  return Math.round(performance.now() - since);
}

/** Shards a worker has completed, from its last heartbeat (0 before its first). */
export async function completedBy(client: McxClient, workerId: string): Promise<number> {
  return (await client.list()).workers.find((w) => w.workerId === workerId)?.completed ?? 0;
}

/** Resolves once a worker's heartbeats count more than `after` completed shards, with the ms it took from `since`. */
export async function workerProgressed(
  client: McxClient,
  workerId: string,
  after: number,
  since: number,
  timeoutMs = 240_000,
): Promise<number> {
  await waitFor(
    async () => ((await completedBy(client, workerId)) > after ? true : undefined),
    `${workerId} to complete a shard`,
    timeoutMs,
  );
  return Math.round(performance.now() - since);
}
