import { readFileSync, writeFileSync } from "node:fs";
import { connectClient } from "@mcx/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, testPasswords } from "../helpers/cluster.ts";
import { type FaultCluster, settled, startFaultCluster, undisturbedDigest } from "./fault-cluster.ts";
import { createLoopback } from "./network.ts";
import { faultSpec } from "./specs.ts";

// Load: many near-empty shards with the coordinator's and a worker's RSS sampled (flat after warm-up, under 300 MB
// each, written as a curve to .mcx-tmp/faults/soak-rss.txt), concurrent runs from several clients, and a large
// sweep; every run ends with its undisturbed digest. `pnpm test:soak` (MCX_SOAK=1) runs the sizes of the issue:
// 100 000 shards, 20 runs from 5 clients, 10 000 points; `npm test` a short version.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const SOAK = process.env["MCX_SOAK"] === "1";
// At least ~10 s of shards by default: a shorter run (3 000 took 3 s) has its warm-up in every sample it judges.
const SHARDS = SOAK ? 100_000 : 10_000;
const CLIENTS = SOAK ? 5 : 2;
const RUNS_PER_CLIENT = SOAK ? 4 : 2;
const POINTS = SOAK ? 10_000 : 500;
const RSS_LIMIT_MB = 300;
const TAG = "soak";

/** Resident set of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Math.round(Number(kb) / 1024);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.skipIf(!enabled)(
  `load: ${SHARDS} near-empty shards, ${CLIENTS * RUNS_PER_CLIENT} concurrent runs, a ${POINTS}-point sweep`,
  () => {
    let cluster: FaultCluster;
    beforeAll(async () => {
      cluster = await startFaultCluster({
        net: createLoopback(),
        tag: TAG,
        // The default lease (15 s), not the fault suite's 2 s: this file measures load, not failover, and finishing
        // a 10 000-point sweep (its result document) holds the coordinator's event loop for seconds.
        coordinatorEnv: { MCX_COORDINATOR_LEASE_MS: "15000" },
        workerEnv: { MCX_WORKER_THREADS: "1", MCX_WORKER_CONCURRENCY: "16" },
      });
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it(
      `${SHARDS} near-empty shards: coordinator and worker RSS flat after warm-up, under ${RSS_LIMIT_MB} MB`,
      async () => {
        const spec = {
          name: "soak-shards",
          simulation: "rendezvous",
          seed: 1201,
          trials: SHARDS,
          blockTrials: 1,
          shardTrials: 1,
          params: { nCpu: 1 },
        };
        const runId = await cluster.submit(spec);
        const samples: { s: number; shards: number; coordinator: number; worker: number }[] = [];
        const t0 = performance.now();
        const sample = async () => {
          const run = await cluster.client.status(runId).catch(() => undefined);
          samples.push({
            s: Math.round((performance.now() - t0) / 1000),
            shards: run?.shardsDone ?? 0,
            coordinator: rssMb(cluster.coordinators[0]!.current().child.pid!),
            worker: rssMb(cluster.workers.get("w1")!.current().child.pid!),
          });
          return run;
        };
        for (;;) {
          const run = await sample();
          if (run && run.status !== "running") break;
          await new Promise((r) => setTimeout(r, SOAK ? 5_000 : 1_000));
        }
        const run = await settled(cluster.client, runId);
        expect(run.status).toBe("completed");
        expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
        const bar = (mb: number) => "#".repeat(Math.round(mb / 10));
        writeFileSync(
          `${root}.mcx-tmp/faults/soak-rss.txt`,
          [
            `RSS while ${SHARDS} near-empty shards run (MB; # = 10 MB)`,
            ...samples.map(
              (x) =>
                `${String(x.s).padStart(5)} s ${String(x.shards).padStart(7)} shards  coordinator ${String(x.coordinator).padStart(4)} ${bar(x.coordinator).padEnd(30)} worker ${String(x.worker).padStart(4)} ${bar(x.worker)}`,
            ),
            "",
          ].join("\n"),
        );
        const warm = samples.slice(Math.floor(samples.length / 4));
        expect(warm.length).toBeGreaterThan(2);
        for (const role of ["coordinator", "worker"] as const) {
          const values = warm.map((x) => x[role]);
          expect(Math.max(...values), role).toBeLessThan(RSS_LIMIT_MB);
          // Flat: the last third does not sit above the first third of the warm part by more than a fifth (+ 20 MB).
          const third = Math.max(1, Math.floor(values.length / 3));
          expect(median(values.slice(-third)), role).toBeLessThanOrEqual(median(values.slice(0, third)) * 1.2 + 20);
        }
      },
      4 * 3600_000,
    );

    it(`${CLIENTS * RUNS_PER_CLIENT} concurrent runs from ${CLIENTS} clients all end with their undisturbed digests`, async () => {
      const passwords = testPasswords(TAG);
      const clients = await Promise.all(
        Array.from({ length: CLIENTS }, () =>
          connectClient({ servers: [cluster.nats().url], user: "cli", password: passwords.natsCli }),
        ),
      );
      try {
        const specs = clients.flatMap((_, c) =>
          Array.from({ length: RUNS_PER_CLIENT }, (_, r) => faultSpec(`soak-c${c}-r${r}`, 1300 + 10 * c + r, 6)),
        );
        const ids = await Promise.all(
          specs.map((spec, i) => clients[i % CLIENTS]!.submit({ spec: JSON.stringify(spec), fileName: "s.json" })),
        );
        const runs = await Promise.all(ids.map((r, i) => settled(clients[i % CLIENTS]!, r.runId, 3600_000)));
        for (const [i, run] of runs.entries()) {
          expect(run.status).toBe("completed");
          expect((await clients[i % CLIENTS]!.results(run.runId)).digest).toBe(undisturbedDigest(specs[i]!));
        }
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    }, 3600_000);

    it(`a ${POINTS}-point sweep ends with its undisturbed digest`, async () => {
      const rates = Array.from({ length: 100 }, (_, i) => 100 + 10 * i);
      const thresholds = Array.from({ length: POINTS / 100 }, (_, i) => 0.001 * (i + 1));
      const spec = {
        name: "soak-sweep",
        simulation: "rendezvous",
        seed: 1401,
        trials: 20,
        blockTrials: 10,
        shardTrials: 20,
        params: { nCpu: 4 },
        sweep: { grid: { rate: rates, threshold: thresholds } },
      };
      const runId = await cluster.submit(spec);
      const run = await settled(cluster.client, runId, 3600_000);
      expect(run.status).toBe("completed");
      expect(run.points).toBe(POINTS);
      expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
    }, 3600_000);
  },
);
