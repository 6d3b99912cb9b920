import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/cluster.ts";
import {
  type FaultCluster,
  progressedAfter,
  settled,
  startFaultCluster,
  undisturbedDigest,
  workerProgressed,
} from "./fault-cluster.ts";
import { recordFault } from "./fault-report.ts";
import { createLoopback, createNamespaces, type Network, namespacesUnavailable } from "./network.ts";
import { faultSpec } from "./specs.ts";

// NATS killed (SIGKILL) mid-run and started again 5 s later on its own host, with its JetStream store: summaries
// that could not be published are put back by their workers without using an attempt, the coordinator's feed
// reconnects, and the run completes with the undisturbed digest.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const noNamespaces = enabled ? namespacesUnavailable() : "integration tests off";
const where = noNamespaces === undefined ? "on network namespaces" : `on loopback (no namespaces: ${noNamespaces})`;

describe.skipIf(!enabled)(`NATS SIGKILLed mid-run and restarted 5 s later, ${where}`, () => {
  let net: Network | undefined;
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    // The namespaces go even when stopping the cluster fails.
    await (cluster?.close() ?? Promise.resolve()).finally(() => net?.destroy());
  });

  it("the run completes with the undisturbed digest", async () => {
    net = noNamespaces === undefined ? await createNamespaces() : createLoopback();
    cluster = await startFaultCluster({ net, tag: "nats-loss", workerEnv: { MCX_PUBLISH_TIMEOUT_MS: "2000" } });
    const spec = faultSpec("nats-loss", 601, 80);
    const runId = await cluster.submit(spec);
    await workerProgressed(cluster.client, "w1", 2, performance.now());
    await cluster.killNats();
    await sleep(5_000);
    await cluster.restartNats();
    const restarted = performance.now();
    const during = await waitFor(() => cluster!.client.status(runId), "the API after the restart");
    const recoveryMs = await progressedAfter(cluster.client, runId, during.shardsDone, restarted);
    const run = await settled(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
    const putBack = [...cluster.workers.values()]
      .map((w) => [...w.output().matchAll(/summary not published; shard put back for later/g)].length)
      .reduce((a, b) => a + b, 0);
    recordFault({ fault: "NATS SIGKILL + restart after 5 s", network: net.kind, recoveryMs, shardsPutBack: putBack });
  }, 300_000);
});
