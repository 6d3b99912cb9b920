import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResultDocument } from "@mcx/core";
import { DeadLetterSchema, deadLetterSubject, Topology } from "@mcx/protocol";
import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, workerMain } from "./helpers/cluster.ts";
import { TestCluster } from "./helpers/test-cluster.ts";
import { type CliRun, composeWorkerFlags, runCli } from "./helpers/user-cluster.ts";

// User simulations end to end, as users run them: `mcx run` and `mcx submit --wait` of the CLI, a coordinator and a
// worker as processes against real redis-server and nats-server with infra/'s roles and permissions, the worker
// under the node flags infra/docker-compose.yml starts it with (the permission model).
const enabled = process.env["MCX_INTEGRATION"] === "1";
const work = join(tmpdir(), `mcx-user-sims-${randomUUID()}`);

const simulation = (
  name: string,
  trialBody: string,
  header = "",
) => `${header}import { defineSimulation, z } from "@mcx/sdk";

export default defineSimulation({
  name: ${JSON.stringify(name)},
  params: z.object({ p: z.number().default(0.5) }),
  models: ["a", "b"],
  metrics: { x: { kind: "continuous" } },
  trial({ rng, params, model }) {
${trialBody}
  },
});
`;

/** A spec of `trials` trials of the module `module` (next to it), written to the test's directory. */
function writeCase(name: string, module: string, trials = 2000): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.ts`), module);
  const spec = join(dir, `${name}.yaml`);
  writeFileSync(spec, `name: ${name}\nsimulation: ./${name}.ts\nseed: 3\ntrials: ${trials}\nshardTrials: 500\n`);
  return spec;
}

function resultOf(r: CliRun): ResultDocument {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ResultDocument;
}

describe.skipIf(!enabled)("user simulations: mcx run and mcx submit on a cluster", () => {
  const cluster = new TestCluster("user-sims");
  let jsm: JetStreamManager;
  const mcx = (...args: string[]) => runCli(args, { ...cluster.cliEnv(), MCX_BUNDLE_DIR: join(work, "cli-bundles") });

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    await cluster.start();
    await cluster.startCoordinator();
    const cacheDir = join(work, "worker-bundles");
    const { flags } = composeWorkerFlags(cacheDir);
    await cluster.startWorker("w-user", {
      env: { MCX_BUNDLE_CACHE_DIR: cacheDir },
      args: [...flags, workerMain],
    });
    // The coordinator's view of the shard stream (its role may read it).
    jsm = await jetstreamManager(await cluster.connectNats("coordinator"), { checkAPI: false });
  });

  afterAll(async () => {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("the worker runs under the permission model, as infra/ starts it", () => {
    expect(cluster.worker("w-user").output()).toMatch(
      /"isolation":\{"permissionModel":true,"writesOnlyToCache":true,"childProcesses":false\}/,
    );
  });

  it.each([
    ["pi", "examples/pi/pi.yaml"],
    ["option", "examples/option/option.yaml"],
  ])("%s: the example's spec gives the same digest embedded and distributed", (_name, spec) => {
    const embedded = resultOf(mcx("run", spec, "--json", "--quiet", "--threads", "2"));
    const distributed = resultOf(mcx("submit", spec, "--wait", "--json", "--quiet"));
    expect(distributed.digest).toBe(embedded.digest);
    expect(distributed.specHash).toBe(embedded.specHash);
    expect(distributed.bundle).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(distributed.bundle).toBe(embedded.bundle);
    expect(distributed.run.mode).toBe("distributed");
  });

  it("mm1: the example's module gives the same digest embedded and distributed (a spec of 2 000 trials)", () => {
    const spec = join(work, "mm1.yaml");
    writeFileSync(spec, `name: mm1\nsimulation: ${root}examples/mm1/mm1.ts\nseed: 4\ntrials: 2000\nshardTrials: 250\n`);
    const embedded = resultOf(mcx("run", spec, "--json", "--quiet", "--threads", "2"));
    const distributed = resultOf(mcx("submit", spec, "--wait", "--json", "--quiet"));
    expect(distributed.digest).toBe(embedded.digest);
    expect(distributed.bundle).toBe(embedded.bundle);
  });

  it("uploads a bundle once: a second submit of the same module finds it in the cluster", () => {
    const spec = writeCase("twice", simulation("twice", "    return { x: rng.normal() + params.p };"), 1000);
    const first = mcx("submit", spec, "--wait");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^uploaded bundle sha256:[0-9a-f]{64} \(/m);
    const second = mcx("submit", spec, "--wait");
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/^bundle sha256:[0-9a-f]{64} is in the cluster already \(/m);
  });

  it("a trial that throws fails the run with exit 1, naming point, trial, model and the user's file:line; no retry", async () => {
    const body =
      '    if (model === "b" && rng.uniform() < 0.01) throw new Error("queue overflow");\n    return { x: 1 };';
    const spec = writeCase("boom", simulation("boom", body));
    const r = mcx("submit", spec, "--wait");
    expect(r.status, r.stderr).toBe(1);
    const line = r.stderr.split("\n").find((l) => l.startsWith("error["))!;
    expect(line).toMatch(
      /^error\[MCX_TRIAL_FAILED\]: run \S+ failed: shard \d+ failed \(not retried\) on worker w-user: trial threw Error: queue overflow at boom\.ts:9:\d+ \(point 0, trial \d+, model b\) \(mcx submit .*boom\.yaml\)$/,
    );
    // A failing shard's job ran once: a trial fails the same way on every attempt, so it is not retried. The dead
    // letters stay on the stream of a failed run (the last one here: every shard of this run fails).
    const [, runId] = /run (\S+) failed: shard (\d+)/.exec(line)!;
    const letter = await jsm.streams.getMessage(Topology.shardStream, { last_by_subj: deadLetterSubject(runId!) });
    expect(DeadLetterSchema.parse(letter!.json())).toMatchObject({
      attempts: 1,
      deterministic: true,
      error: { code: "MCX_TRIAL_FAILED" },
    });
  });

  it("a trial that writes a file fails with the permission model's refusal, and the worker keeps serving", () => {
    const header = 'import { writeFileSync } from "node:fs";\n';
    const body = `    writeFileSync(${JSON.stringify(join(work, "escaped.txt"))}, "x");\n    return { x: 1 };`;
    const r = mcx("submit", writeCase("writer", simulation("writer", body, header)), "--wait");
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error\[MCX_TRIAL_FAILED\]: .*ERR_ACCESS_DENIED.*writer\.ts:10:\d+/);
    expect(r.stderr).toContain("permission model");
  });

  it("a module that spawns a process while loading is refused by the permission model", () => {
    const header = 'import { execSync } from "node:child_process";\nexecSync("true");\n';
    const r = mcx("submit", writeCase("spawner", simulation("spawner", "    return { x: 1 };", header)), "--wait");
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/error\[MCX_SIMULATION_INVALID\]: .*threw while loading.*ERR_ACCESS_DENIED/);
    // Still serving: an ordinary run after it completes.
    const ok = mcx(
      "submit",
      writeCase("after", simulation("after", "    return { x: rng.uniform() };"), 500),
      "--wait",
    );
    expect(ok.status, ok.stderr).toBe(0);
  });
});
