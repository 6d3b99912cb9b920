import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/cluster.ts";
import { type FaultCluster, settled, startFaultCluster, undisturbedDigest } from "./fault-cluster.ts";
import { recordFault } from "./fault-report.ts";
import { createNamespaces, type Network, namespacesUnavailable } from "./network.ts";
import { faultSpec } from "./specs.ts";

// A worker SIGKILLed after it published a shard's summary and before it could complete the job: it is cut from Redis
// (not from NATS) first, so it publishes but cannot complete, and is killed in that state. The job's lock runs out,
// another worker runs the shard again, the stream drops the repeat by its msg id, and the run counts the shard once.
// The cut stays until the run is over: the kernel would still deliver the dead worker's last write (the completion)
// from its orphaned socket if the link came back first, and the kill would not be the kill it stands for.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const noNamespaces = enabled ? namespacesUnavailable() : "integration tests off";
const title =
  noNamespaces === undefined
    ? "a worker SIGKILLed between publishing and completing"
    : `a worker SIGKILLed between publishing and completing (skipped: no network namespaces: ${noNamespaces})`;

const PUBLISHED = /"msg":"shard completed"/g;

/** Shards the worker logged as published (pino lines, `time` in ms since the epoch) after `since`. */
function publishedSince(output: string, since: number): number {
  return output
    .split("\n")
    .filter((line) => line.includes('"msg":"shard completed"'))
    .filter((line) => (JSON.parse(line) as { time: number }).time > since).length;
}

describe.skipIf(!enabled || noNamespaces !== undefined)(title, () => {
  let net: Network | undefined;
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    // The namespaces go even when stopping the cluster fails.
    await (cluster?.close() ?? Promise.resolve()).finally(() => net?.destroy());
  });

  it("the shard counts once, and the run completes with the undisturbed digest", async () => {
    net = await createNamespaces();
    cluster = await startFaultCluster({
      net,
      tag: "pub-kill",
      workers: [],
      workerEnv: { MCX_LOG_LEVEL: "debug", MCX_LOCK_DURATION_MS: "5000", MCX_STALLED_INTERVAL_MS: "2000" },
    });
    const spec = faultSpec("pub-kill", 701, 40);
    const runId = await cluster.submit(spec);
    const victim = cluster.addWorker("w1");
    await waitFor(async () => ([...victim.output().matchAll(PUBLISHED)].length >= 2 ? true : undefined), "w1 working");
    await net.cut("w1", "redis");
    const cutAt = Date.now();
    // Published (the stream acked it) while its job cannot be completed: a line the worker logged after the cut was
    // in place, told by its own timestamp. Counting lines is not enough: a line logged just before the cut can still
    // be in the pipe when the cut returns, and that shard's completion may have reached Redis.
    await waitFor(
      async () => (publishedSince(victim.output(), cutAt) > 0 ? true : undefined),
      "a summary published after the cut",
    );
    await victim.kill({ restart: false });
    const killedAt = performance.now();
    const rescuer = cluster.addWorker("w2");
    const run = await settled(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
    // The shard ran twice; its second summary was a repeat the stream dropped.
    expect(rescuer.output()).toMatch(/"duplicate":true,"msg":"shard completed"/);
    recordFault({
      fault: "worker SIGKILLed after publishing, before completing",
      network: net.kind,
      runMs: Math.round(performance.now() - killedAt),
      duplicatesAtPublish: [...rescuer.output().matchAll(/"duplicate":true/g)].length,
      duplicatesDropped: run.duplicatesDropped,
    });
  }, 300_000);
});
