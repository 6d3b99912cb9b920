import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClient, type McxClient, type RunRecord } from "@mcx/client";
import { McxErrorCode, type ResultDocument, resolveSpec, runInline } from "@mcx/core";
import { longRendezvousSpec, type ServerHandle, spawnTracked, stopProcess, waitForOutput } from "@mcx/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResultJson } from "../src/runs/result-sink.ts";
import * as cluster from "./helpers/cluster.ts";

// `mcx extend RUN` against real redis-server and nats-server with infra/'s users, a coordinator and two workers run
// as processes from the built JavaScript: the extended result has the digest of a fresh run of the extended spec.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const passwords = cluster.testPasswords("extend");
const { cliMain } = cluster;

type Proc = ReturnType<typeof spawnTracked>;

const sweep = (trials: number, extra: Record<string, unknown> = {}) => ({
  name: "ext-cluster",
  simulation: "rendezvous",
  seed: 23,
  trials,
  blockTrials: 250,
  params: { nCpu: 16 },
  sweep: { grid: { rate: [500, 2000] } },
  ...extra,
});

describe.skipIf(!enabled)("mcx extend on a cluster: coordinator + 2 workers as processes", () => {
  let redis: ServerHandle;
  let nats: ServerHandle;
  let coordinator: Proc;
  const workers: Proc[] = [];
  let client: McxClient;
  const dir = mkdtempSync(join(tmpdir(), "mcx-extend-"));

  const startCoordinatorProcess = async (): Promise<Proc> => {
    const proc = spawnTracked(process.execPath, [cluster.coordinatorMain], {
      env: cluster.coordinatorEnv({ redis, nats }, passwords),
    });
    await waitForOutput(proc, /coordinator ready/);
    return proc;
  };
  const final = (runId: string): Promise<RunRecord> => cluster.finishedRun(client, runId);
  /** `mcx …` as the `cli` user of infra/. */
  const mcx = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, [cliMain, ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, MCX_NATS_URL: nats.url, MCX_NATS_USER: "cli", MCX_NATS_PASSWORD: passwords.natsCli },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const submitted = async (spec: object, shardTrials: number): Promise<ResultDocument> => {
    const { runId } = await client.submit({ spec: JSON.stringify(spec), fileName: "spec.json", shardTrials });
    expect((await final(runId)).status).not.toBe("failed");
    return client.results(runId);
  };

  beforeAll(async () => {
    ({ redis, nats } = await cluster.startServers(passwords));
    coordinator = await startCoordinatorProcess();
    for (const id of ["w1", "w2"]) {
      const proc = spawnTracked(process.execPath, [cluster.workerMain], {
        env: cluster.workerEnv({ redis, nats }, passwords, id),
      });
      workers.push(proc);
      await waitForOutput(proc, /worker ready/);
    }
    client = await connectClient({ servers: [nats.url], user: "cli", password: passwords.natsCli });
    await cluster.waitFor(
      async () => ((await client.list()).workers.length === 2 ? true : undefined),
      "two worker heartbeats",
    );
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all(workers.map((w) => stopProcess(w.child)));
    if (coordinator) await stopProcess(coordinator.child);
    await Promise.all([redis?.stop(), nats?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("10 000 → 50 000 trials gives the digest of a fresh 50 000-trial run; the result passes mcx audit", async () => {
    const base = await submitted(sweep(10_000), 2500);
    expect(base.blockStore).toMatchObject({ points: 2, object: `blocks/${base.run.runId}` });
    expect(base.blockStore?.data).toBeUndefined();
    const reply = await client.extend({ runId: base.run.runId, trials: 50_000, shardTrials: 5000 });
    expect(reply).toMatchObject({ from: "20000 trials, completed", shards: 16, spec: { trials: 50_000 } });
    expect((await final(reply.runId)).status).toBe("completed");
    const extended = await client.results(reply.runId);
    expect(extended.digest).toBe(runInline(resolveSpec(sweep(50_000)), { shardTrials: 10_000 }).digest);
    expect(extended.run.shards.completed).toBe(16);
    expect(extended.provenance?.extends?.map((e) => e.runId)).toEqual([base.run.runId]);
    expect(extended.provenance?.hosts.map((h) => h.host)).toEqual(["w1", "w2"]);
    // Anyone can check it: every shard recomputed here, and their merge gives the digest.
    writeFileSync(join(dir, "extended.json"), toResultJson(extended));
    const audit = mcx(["audit", "extended.json", "--shards", "1000", "--threads", "2"]);
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain(`all 24 match, and their merge gives the result's digest ${extended.digest}`);
  });

  it("continues a cancelled run to its target, across a coordinator restart: the digest of the uncancelled run", async () => {
    const long = longRendezvousSpec("ext-long", 99);
    const { runId } = await client.submit({ spec: JSON.stringify(long), fileName: "long.json" });
    await cluster.mergedShards(client, runId, 5);
    const cancelled = await client.cancel(runId);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.trialsDone).toBeLessThan(480_000);
    const reply = await client.extend({ runId });
    // Killed while the extension runs: the next coordinator resumes it from the same base.
    const during = await cluster.mergedShards(client, reply.runId, 3);
    expect(during.shardsDone).toBeLessThan(during.shardsPlanned);
    coordinator.child.kill("SIGKILL");
    await stopProcess(coordinator.child);
    coordinator = await startCoordinatorProcess();
    const run = await final(reply.runId);
    expect([run.status, run.resumed]).toEqual(["completed", 1]);
    expect((await client.results(reply.runId)).digest).toBe(runInline(resolveSpec(long)).digest);
  });

  it("extends an adaptive run with a tighter target (mcx extend RUN --stop … --wait): it stops where a fresh run stops", async () => {
    const adaptive = (relHalfWidth: number) =>
      sweep(200_000, { stop: { metrics: ["pause"], relHalfWidth, minTrials: 2000 } });
    const loose = await submitted(adaptive(0.02), 1000);
    const r = mcx(["extend", loose.run.runId, "--stop", "relHalfWidth: 0.006", "--wait", "--json", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const tight = JSON.parse(r.stdout) as ResultDocument;
    const fresh = runInline(resolveSpec(adaptive(0.006)), { shardTrials: 2000 });
    expect(tight.points.map((p) => [p.trials, p.stopped])).toEqual(fresh.points.map((p) => [p.trials, p.stopped]));
    expect(tight.digest).toBe(fresh.digest);
    expect(tight.points[0]!.trials).toBeGreaterThan(loose.points[0]!.trials);
  });

  it("adds points to a sweep: the digest of the larger sweep", async () => {
    const base = await submitted(sweep(6000), 1500);
    const reply = await client.extend({ runId: base.run.runId, points: [{ rate: 4000 }] });
    expect((await final(reply.runId)).status).toBe("completed");
    const larger = sweep(6000, { sweep: { grid: { rate: [500, 2000, 4000] } } });
    expect((await client.results(reply.runId)).digest).toBe(runInline(resolveSpec(larger)).digest);
  });

  it("refuses a changed seed with exit 2 and one line, and a running run with MCX_NOT_EXTENDABLE", async () => {
    const base = await submitted(sweep(4000), 2000);
    writeFileSync(join(dir, "changed.json"), JSON.stringify(sweep(8000, { seed: 24 })));
    const r = mcx(["extend", base.run.runId, "--spec", "changed.json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error[MCX_EXTEND_MISMATCH]: spec.seed must equal the extended run's 23 (got 24) (mcx extend ${base.run.runId})\nhint: an extension continues the same trials: only trials, the stop target and new points may change\n`,
    );
    const long = longRendezvousSpec("ext-running", 7);
    const { runId } = await client.submit({ spec: JSON.stringify(long), fileName: "long.json" });
    await expect(client.extend({ runId, trials: 960_000 })).rejects.toMatchObject({
      code: McxErrorCode.NOT_EXTENDABLE,
    });
    await client.cancel(runId);
  });
});
