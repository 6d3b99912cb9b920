import { type ServerHandle, waitForOutput } from "@mcx/testkit";
import { createWorkDir, MAIN, mcx } from "../helpers/cli.ts";
import { TestCluster, type TrackedProcess } from "./cluster.ts";

/** Redis, NATS, coordinators, a one-thread worker and `mcx dashboard` processes, all on loopback ports. */
export interface DashboardCluster {
  readonly redis: ServerHandle;
  readonly nats: ServerHandle;
  /** The coordinators in start order: the first holds the lease, the others wait as standbys. */
  readonly coordinators: readonly TrackedProcess[];
  /** The workers by id (`<tag>-w1` first). */
  readonly workers: ReadonlyMap<string, TrackedProcess>;
  /** Starts another worker (or one again after it was killed). */
  startWorker(id: string): Promise<TrackedProcess>;
  /** Environment of a CLI logged in as infra/'s `cli` user. */
  readonly cliEnv: NodeJS.ProcessEnv;
  /** Starts `mcx dashboard` with these flags (and `--port 0`); resolves with its address once it listens. */
  dashboard(flags: readonly string[], env?: NodeJS.ProcessEnv): Promise<{ url: string; pid: number }>;
  /** `mcx submit` of a spec given as an object (its `name` names the file); returns the run id. */
  submit(spec: Record<string, unknown>): string;
  /** `mcx status RUN --json`. */
  status(runId: string): {
    trialsDone: number;
    trialsPlanned: number;
    shardsDone: number;
    shardsPlanned: number;
    duplicatesDropped: number;
    shardsRetried?: number;
    rejected: number;
    status: string;
    digest?: string;
    scheduledBy?: string;
  };
  /** Runs `mcx ARGS…` as the `cli` user; returns its stdout (throws on a non-zero exit). */
  mcx(args: readonly string[]): string;
  /** Writes a file into the cluster's work directory; returns its path. */
  write(name: string, text: string): string;
  stop(): Promise<void>;
}

/** @param options.coordinators how many coordinators (the first active, the rest standbys) @defaultValue 1 */
export async function startDashboardCluster(
  tag: string,
  options: { readonly coordinators?: number } = {},
): Promise<DashboardCluster> {
  const count = options.coordinators ?? 1;
  const cluster = new TestCluster(tag, {
    // A short lease lets a standby take over quickly; alone, a coordinator keeps the default 15 s. Finishing a large
    // sweep blocks its event loop for a while (building the result document: about 1.3 s for 200 points here, more
    // on a busy machine), and a 2 s lease can then lapse with nobody to take over.
    coordinatorEnv: count > 1 ? {} : { MCX_COORDINATOR_LEASE_MS: "15000" },
    // A killed worker's shards come back after the lock expires: short here to keep the tests quick.
    workerEnv: { MCX_LOCK_DURATION_MS: "3000", MCX_STALLED_INTERVAL_MS: "1000" },
  });
  await cluster.start();
  const work = createWorkDir();
  await cluster.startCoordinator();
  for (let i = 1; i < count; i++) await cluster.startStandby();
  await cluster.startWorker(`${tag}-w1`);
  await cluster.waitForWorkers(1);
  const cliEnv: NodeJS.ProcessEnv = cluster.cliEnv();
  const run = (args: readonly string[]) => {
    const r = mcx(args, { env: cliEnv });
    if (r.status !== 0) throw new Error(`mcx ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return r.text;
  };
  return {
    redis: cluster.redis,
    nats: cluster.nats,
    coordinators: cluster.coordinators,
    workers: cluster.workers,
    startWorker: (id) => cluster.startWorker(id),
    cliEnv,
    mcx: run,
    write: (name, text) => work.write(name, text),
    async dashboard(flags, env = {}) {
      const proc = cluster.spawn(process.execPath, [MAIN, "dashboard", "--port", "0", ...flags], {
        env: { ...process.env, ...cliEnv, ...env },
      });
      await waitForOutput(proc, /mcx dashboard on http:\/\/[^\s]+/);
      const url = /mcx dashboard on (http:\/\/[^\s]+)/.exec(proc.output())![1]!;
      return { url: url.replace("0.0.0.0", "127.0.0.1"), pid: proc.child.pid! };
    },
    submit(spec) {
      const file = work.write(`${String(spec["name"])}.json`, JSON.stringify(spec));
      return run(["submit", file]).trim();
    },
    status(runId) {
      return JSON.parse(run(["status", runId, "--json"]));
    },
    async stop() {
      await cluster.stop();
      work.cleanup();
    },
  };
}
