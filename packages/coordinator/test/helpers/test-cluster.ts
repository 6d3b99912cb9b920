import type { SpawnOptions } from "node:child_process";
import { connectClient, type McxClient } from "@mcx/client";
import {
  type NatsHandle,
  type ServerHandle,
  spawnTracked,
  stopProcess,
  waitForExit,
  waitForOutput,
} from "@mcx/testkit";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  type ClusterPasswords,
  coordinatorEnv,
  coordinatorMain,
  type Servers,
  startServers,
  testPasswords,
  waitFor,
  workerEnv,
  workerMain,
} from "./cluster.ts";

// The cluster an integration test runs against, set up in one place: redis-server and nats-server with infra/'s
// users (helpers/cluster.ts), the coordinators and workers it starts as processes, a client logged in as `cli`. A
// test says only what is its own: extra environment, how many services, which node arguments.

export type TrackedProcess = ReturnType<typeof spawnTracked>;

/** How to start one coordinator or worker. */
export interface ServiceStart {
  /** Environment over the cluster's defaults for this kind of service. */
  readonly env?: Record<string, string>;
  /**
   * What node runs. @defaultValue the service's built main; node flags go before it, and the CLI's `coordinator` or
   * `worker` command runs the service in the CLI's own process.
   */
  readonly args?: readonly string[];
  /** Leader of a process group of its own, to see what it leaves behind. */
  readonly detached?: boolean;
}

export interface TestClusterOptions {
  /** Environment of every coordinator the test starts (each start may add to it). */
  readonly coordinatorEnv?: Record<string, string>;
  /** Environment of every worker the test starts (each start may add to it). */
  readonly workerEnv?: Record<string, string>;
}

/** The infra/ NATS users a test may log in as. */
export type NatsRole = "cli" | "worker" | "coordinator";

/** Neither exited nor ended by a signal yet. */
export const isRunning = (p: TrackedProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

export class TestCluster {
  /** Distinct per tag, so each test file has servers of its own. */
  readonly passwords: ClusterPasswords;
  /** Every coordinator started, in start order (stopped ones included). */
  readonly coordinators: TrackedProcess[] = [];
  /** The last worker started under each id. */
  readonly workers = new Map<string, TrackedProcess>();
  readonly #options: TestClusterOptions;
  readonly #processes: TrackedProcess[] = [];
  readonly #connections: NatsConnection[] = [];
  #servers: (Servers & { nats: NatsHandle }) | undefined;
  #client: McxClient | undefined;

  constructor(tag: string, options: TestClusterOptions = {}) {
    this.passwords = testPasswords(tag);
    this.#options = options;
  }

  /** Starts the servers and connects the client: no coordinator or worker runs yet. */
  async start(): Promise<this> {
    this.#servers = await startServers(this.passwords);
    this.#client = await connectClient({
      servers: [this.#servers.nats.url],
      user: "cli",
      password: this.passwords.natsCli,
    });
    return this;
  }

  get servers(): Servers & { nats: NatsHandle } {
    if (this.#servers === undefined) throw new Error("the test cluster is not started");
    return this.#servers;
  }
  get redis(): ServerHandle {
    return this.servers.redis;
  }
  get nats(): NatsHandle {
    return this.servers.nats;
  }
  /** The API client, logged in as `cli`. */
  get client(): McxClient {
    if (this.#client === undefined) throw new Error("the test cluster's client is not connected");
    return this.#client;
  }
  /** The coordinator started last: the one a test restarts. */
  get coordinator(): TrackedProcess {
    const last = this.coordinators.at(-1);
    if (last === undefined) throw new Error("no coordinator was started");
    return last;
  }
  worker(id: string): TrackedProcess {
    const w = this.workers.get(id);
    if (w === undefined) throw new Error(`no worker ${id} was started`);
    return w;
  }

  /** Environment of a coordinator of this cluster: the defaults, the cluster's and then `extra`. */
  coordinatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return coordinatorEnv(this.servers, this.passwords, { ...this.#options.coordinatorEnv, ...extra });
  }
  workerEnv(id: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return workerEnv(this.servers, this.passwords, id, { ...this.#options.workerEnv, ...extra });
  }
  /**
   * ioredis (and BullMQ) options of the test's own Redis user, allowed every key and command: to see or change what
   * the services keep.
   */
  redisAdmin(): { host: string; port: number; username: string; password: string } {
    const { redis } = this;
    return { host: "127.0.0.1", port: redis.port, username: redis.user, password: redis.password };
  }
  /** Connection settings of the CLI logged in as `cli` (without the rest of this process' environment). */
  cliEnv(): Record<string, string> {
    return { MCX_NATS_URL: this.nats.url, MCX_NATS_USER: "cli", MCX_NATS_PASSWORD: this.passwords.natsCli };
  }

  /** Spawns a process that `stop()` ends with the services. */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): TrackedProcess {
    const proc = spawnTracked(command, args, options);
    this.#processes.push(proc);
    return proc;
  }

  /** Spawns a coordinator without waiting for it: whether it serves or stands by is the test's question. */
  spawnCoordinator(start: ServiceStart = {}): TrackedProcess {
    const proc = this.#spawnService(this.coordinatorEnv(start.env), [coordinatorMain], start);
    this.coordinators.push(proc);
    return proc;
  }
  /** A coordinator that holds the lease and serves. */
  async startCoordinator(start: ServiceStart = {}): Promise<TrackedProcess> {
    const proc = this.spawnCoordinator(start);
    await waitForOutput(proc, /coordinator ready/);
    return proc;
  }
  /** A coordinator that waits behind the one holding the lease. */
  async startStandby(start: ServiceStart = {}): Promise<TrackedProcess> {
    const proc = this.spawnCoordinator(start);
    await waitForOutput(proc, /standby: another coordinator holds the lease/);
    return proc;
  }
  /** A worker under `id` (again, after one under it was killed), once it is ready. */
  async startWorker(id: string, start: ServiceStart = {}): Promise<TrackedProcess> {
    const proc = this.#spawnService(this.workerEnv(id, start.env), [workerMain], start);
    this.workers.set(id, proc);
    await waitForOutput(proc, /worker ready/);
    return proc;
  }

  /** Resolves once the coordinator has heard `n` workers' heartbeats (it sizes windows from them). */
  async waitForWorkers(n: number): Promise<void> {
    await waitFor(
      async () => ((await this.client.list()).workers.length === n ? true : undefined),
      `${n} worker heartbeats`,
    );
  }

  /** A NATS connection of the test's own as one of infra/'s users; closed by `stop()`. */
  async connectNats(role: NatsRole): Promise<NatsConnection> {
    const pass = {
      cli: this.passwords.natsCli,
      worker: this.passwords.natsWorker,
      coordinator: this.passwords.natsCoordinator,
    };
    const nc = await connect({ servers: this.nats.url, user: role, pass: pass[role] });
    this.#connections.push(nc);
    return nc;
  }

  /** Closes the client early (a test about to kill the servers); `stop()` then leaves it be. */
  async closeClient(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  /** SIGTERM (SIGKILL after the grace) to every process, the coordinators after the others; then the servers. */
  async stop(): Promise<void> {
    await this.closeClient();
    await this.#end((p) => stopProcess(p.child));
  }

  /**
   * SIGKILL to every process, then the servers: for a test that left services waiting on servers it killed, where a
   * graceful stop would only wait out each grace period.
   */
  async kill(): Promise<void> {
    // Its connection may be broken already, and nothing is left to learn from it.
    await this.closeClient().catch(() => undefined);
    await this.#end(async (p) => {
      if (isRunning(p)) p.child.kill("SIGKILL");
      await waitForExit(p.child);
    });
  }

  #spawnService(env: NodeJS.ProcessEnv, main: readonly string[], start: ServiceStart): TrackedProcess {
    return this.spawn(process.execPath, start.args ?? main, {
      env,
      ...(start.detached === undefined ? {} : { detached: start.detached }),
    });
  }

  async #end(end: (p: TrackedProcess) => Promise<void>): Promise<void> {
    await Promise.all(this.#connections.splice(0).map((nc) => nc.close()));
    // What talks to the coordinators (workers, CLIs, dashboards) goes first, so nothing is left waiting for one gone.
    const coordinators = new Set(this.coordinators);
    await Promise.all(this.#processes.filter((p) => !coordinators.has(p)).map(end));
    await Promise.all(this.coordinators.map(end));
    await Promise.all([this.#servers?.redis.stop(), this.#servers?.nats.stop()]);
  }
}
