import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { longRendezvousSpec, MERGE_FIXTURES, waitForExit, waitForOutput } from "@mcx/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { cliMain, finishedRun, mergedShards, root, waitFor } from "./helpers/cluster.ts";
import { childrenOf, processGroup } from "./helpers/processes.ts";
import { isRunning, TestCluster, type TrackedProcess } from "./helpers/test-cluster.ts";

// `mcx coordinator` and `mcx worker` as users start them (the built CLI), against real redis-server and nats-server
// with infra/'s roles: the pid the user started is the service, SIGTERM stops it within its grace period + 5 s even
// when Redis and NATS are gone, and `mcx status` says what a service is waiting for.
const enabled = process.env["MCX_INTEGRATION"] === "1";

/** Kept small so the test is short; the bound is what the services promise for any grace period. */
const GRACE_MS = 3_000;
const EXIT_BOUND_MS = GRACE_MS + 5_000;

describe.skipIf(!enabled)("the services in the CLI's own process", () => {
  // A cluster per test: the tests kill its servers.
  let started: TestCluster | undefined;
  const start = async (): Promise<TestCluster> => {
    started = await new TestCluster("lifecycle").start();
    return started;
  };
  /** The services as users start them: `mcx coordinator`, `mcx worker`. */
  const inCli = (...command: string[]): string[] => [cliMain, ...command];

  // SIGKILL: a service left waiting for servers the test killed would only wait out its grace period.
  afterEach(async () => {
    await started?.kill();
    started = undefined;
  });

  it("SIGKILL of the `mcx worker` pid leaves no process of it, and its shards are retried to the golden digest", async () => {
    const cluster = await start();
    await cluster.startCoordinator({ args: inCli("coordinator") });
    // Short locks: the killed worker's shards go back to the queue 2 s after its last renewal.
    const quick = { MCX_LOCK_DURATION_MS: "2000", MCX_STALLED_INTERVAL_MS: "1000" };
    const doomed = await cluster.startWorker("doomed", {
      env: quick,
      args: inCli("worker", "--threads", "2"),
      detached: true,
    });
    const pid = doomed.child.pid!;

    // A fixture with a golden digest (checked against closed forms): the rescued run must merge to exactly it.
    const { spec, digest } = MERGE_FIXTURES.failoverLong;
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(spec), fileName: "kill.json" });
    await mergedShards(cluster.client, runId, 2);
    // Kill it while its heartbeat says shards are running on it: those can only finish if they are retried.
    await waitFor(async () => {
      const w = (await cluster.client.list()).workers.find((x) => x.workerId === "doomed");
      return w !== undefined && w.active > 0 ? w : undefined;
    }, "shards running on the doomed worker");
    // The pool threads are threads of this pid: the service started no process of its own.
    expect(childrenOf(pid)).toEqual([]);
    expect(processGroup(pid)).toEqual([pid]);

    doomed.child.kill("SIGKILL");
    await waitForExit(doomed.child);
    expect(doomed.child.signalCode).toBe("SIGKILL");
    expect(processGroup(pid)).toEqual([]);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    const before = await cluster.client.status(runId);
    expect(before.status).toBe("running");

    await cluster.startWorker("rescuer", { env: quick, args: inCli("worker", "--threads", "1") });
    const run = await finishedRun(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect(run.shardsDone).toBe(run.shardsPlanned);
    expect((await cluster.client.results(runId)).digest).toBe(digest);
  });

  it("SIGTERM ends a worker and a coordinator within grace + 5 s after Redis and NATS died 20 s earlier", async () => {
    const cluster = await start();
    const grace = { MCX_SHUTDOWN_GRACE_MS: String(GRACE_MS) };
    // A lease that outlives the outage: without it the coordinator stops by itself (lease lost) before the signal.
    const coordinator = await cluster.startCoordinator({
      env: { ...grace, MCX_COORDINATOR_LEASE_MS: "60000" },
      args: inCli("coordinator"),
    });
    const worker = await cluster.startWorker("stranded", { env: grace, args: inCli("worker", "--threads", "1") });
    const { runId } = await cluster.client.submit({
      spec: JSON.stringify(longRendezvousSpec("lifecycle-outage", 23)),
      fileName: "outage.json",
    });
    await mergedShards(cluster.client, runId, 2);
    await cluster.closeClient();

    process.kill(cluster.redis.pid, "SIGKILL");
    process.kill(cluster.nats.pid, "SIGKILL");
    await sleep(20_000);
    // Both still run, waiting for their servers: otherwise there would be nothing to measure.
    expect(isRunning(coordinator), coordinator.output().slice(-2000)).toBe(true);
    expect(isRunning(worker), worker.output().slice(-2000)).toBe(true);
    for (const p of [coordinator, worker]) {
      expect(p.output()).toMatch(/"dependency":"redis"[^\n]*"msg":"waiting for redis"/);
      expect(p.output()).toMatch(/"dependency":"nats"[^\n]*"msg":"waiting for nats"/);
    }

    const signalledAt = performance.now();
    const exitAfter = async (p: TrackedProcess): Promise<number> => {
      await waitForExit(p.child);
      return Math.round(performance.now() - signalledAt);
    };
    coordinator.child.kill("SIGTERM");
    worker.child.kill("SIGTERM");
    const [coordinatorMs, workerMs] = await Promise.all([exitAfter(coordinator), exitAfter(worker)]);
    // The figures of the last run, for the README and the report (the test output is gitignored).
    mkdirSync(join(root, "test-output"), { recursive: true });
    writeFileSync(
      join(root, "test-output", "shutdown-liveness.json"),
      `${JSON.stringify({ graceMs: GRACE_MS, boundMs: EXIT_BOUND_MS, coordinatorMs, workerMs }, null, 2)}\n`,
    );
    expect(coordinatorMs, `coordinator exited ${coordinatorMs} ms after SIGTERM`).toBeLessThan(EXIT_BOUND_MS);
    expect(workerMs, `worker exited ${workerMs} ms after SIGTERM`).toBeLessThan(EXIT_BOUND_MS);
  });

  it("mcx submit waits for a coordinator that is still starting, mcx status fails at once without one", async () => {
    const cluster = await start();
    const cli = { ...process.env, ...cluster.cliEnv() };
    const status = spawnSync(process.execPath, [cliMain, "status"], { env: cli, encoding: "utf8" });
    expect(status.status).toBe(1);
    expect(status.stderr).toMatch(/^error\[MCX_CONNECTION\]: no coordinator answers on mcx\.api\.list/);
    // The submit goes out first; the coordinator starts after it, as in a script that starts both at once.
    const submit = cluster.spawn(process.execPath, inCli("submit", "examples/quickstart.yaml"), {
      env: cli,
      cwd: root,
    });
    await sleep(1_000);
    const coordinator = cluster.spawnCoordinator({ args: inCli("coordinator") });
    expect(await waitForExit(submit.child), submit.output()).toBe(0);
    expect(submit.output()).toMatch(/^quickstart-[a-z0-9]+-[0-9a-f]{4}\n$/);
    expect(coordinator.output()).toMatch(/coordinator ready/);
  });

  it("mcx status says which dependency a worker and the coordinator wait for, and the worker sees Redis return", async () => {
    const cluster = await start();
    await cluster.startCoordinator({ env: { MCX_COORDINATOR_LEASE_MS: "60000" }, args: inCli("coordinator") });
    const worker = await cluster.startWorker("lonely", { args: inCli("worker", "--threads", "1") });

    process.kill(cluster.redis.pid, "SIGKILL");
    await waitFor(async () => (existsSync(`/proc/${cluster.redis.pid}`) ? undefined : true), "redis-server to exit");
    const statusEnv = { ...process.env, ...cluster.cliEnv() };
    const line = (who: string) =>
      new RegExp(
        `^${who}: waiting for redis since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(.*ECONNREFUSED.*\\)$`,
        "m",
      );
    const printed = await waitFor(async () => {
      const r = spawnSync(process.execPath, [cliMain, "status"], { env: statusEnv, encoding: "utf8" });
      if (r.status !== 0) return undefined;
      return line("worker lonely").test(r.stdout) && line("coordinator").test(r.stdout) ? r.stdout : undefined;
    }, "mcx status to report the wait for Redis");
    expect(printed).not.toMatch(/waiting for nats/);

    // Redis back on the same port (same config, same ACL users): the worker says so and stops waiting.
    cluster.spawn("redis-server", [join(cluster.redis.dir, "redis.conf")]);
    await waitForOutput(worker, /"msg":"redis connected again"/, 60_000);
  });
});
