import { type ServerHandle, spawnTracked, stopProcess, waitForOutput } from "@mcx/testkit";
import { createWorkDir, MAIN, mcx } from "../helpers/cli.ts";
import {
  coordinatorEnv,
  coordinatorMain,
  startServers,
  testPasswords,
  waitFor,
  workerEnv,
  workerMain,
} from "./cluster.ts";

type Proc = ReturnType<typeof spawnTracked>;

/** Redis, NATS, a coordinator, a one-thread worker and `mcx dashboard` processes, all on loopback ports. */
export interface DashboardCluster {
  readonly redis: ServerHandle;
  readonly nats: ServerHandle;
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
    rejected: number;
    status: string;
    digest?: string;
  };
  stop(): Promise<void>;
}

export async function startDashboardCluster(tag: string): Promise<DashboardCluster> {
  const passwords = testPasswords(tag);
  const work = createWorkDir();
  const { redis, nats } = await startServers(passwords);
  const procs: Proc[] = [];
  const coordinator = spawnTracked(process.execPath, [coordinatorMain], {
    env: coordinatorEnv({ redis, nats }, passwords),
  });
  procs.push(coordinator);
  await waitForOutput(coordinator, /coordinator ready/);
  const worker = spawnTracked(process.execPath, [workerMain], {
    env: workerEnv({ redis, nats }, passwords, `${tag}-w1`),
  });
  procs.push(worker);
  await waitForOutput(worker, /worker ready/);
  const cliEnv: NodeJS.ProcessEnv = {
    MCX_NATS_URL: nats.url,
    MCX_NATS_USER: "cli",
    MCX_NATS_PASSWORD: passwords.natsCli,
  };
  const run = (args: readonly string[]) => {
    const r = mcx(args, { env: cliEnv });
    if (r.status !== 0) throw new Error(`mcx ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return r.text;
  };
  await waitFor(
    async () => (JSON.parse(run(["status", "--json"])).workers.length === 1 ? true : undefined),
    "the worker's heartbeat",
  );
  return {
    redis,
    nats,
    cliEnv,
    async dashboard(flags, env = {}) {
      const proc = spawnTracked(process.execPath, [MAIN, "dashboard", "--port", "0", ...flags], {
        env: { ...process.env, ...cliEnv, ...env },
      });
      procs.push(proc);
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
      await Promise.all(procs.reverse().map((p) => stopProcess(p.child)));
      await Promise.all([redis.stop(), nats.stop()]);
      work.cleanup();
    },
  };
}
