import { createDelayProxy, type DelayProxy } from "@mcx/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultCluster, settled, startFaultCluster, undisturbedDigest } from "./fault-cluster.ts";
import { recordFault } from "./fault-report.ts";
import { createLoopback } from "./network.ts";
import { faultSpec } from "./specs.ts";

// 50 ms each way and 1 % of the segments lost (held a 200 ms retransmission longer) on every link, for a whole run:
// coordinator, workers and client reach Redis and NATS only through the test kit's delaying proxy (this kernel has
// no netem). The run is slower, never different. Its throughput against loopback is `bench/faults-latency.mjs`.
const enabled = process.env["MCX_INTEGRATION"] === "1";

const SLOW_LINK = { latencyMs: 50, loss: 0.01, retransmitMs: 200 } as const;

describe.skipIf(!enabled)("50 ms latency and 1 % loss on every link, for a whole run", () => {
  const proxies: DelayProxy[] = [];
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    await Promise.all(proxies.map((p) => p.close()));
  });

  it("the run completes with the undisturbed digest", async () => {
    cluster = await startFaultCluster({
      net: createLoopback(),
      tag: "latency",
      async via({ redisPort, natsPort }) {
        const [redis, nats] = await Promise.all([
          createDelayProxy({ target: { host: "127.0.0.1", port: redisPort }, ...SLOW_LINK, seed: 1 }),
          createDelayProxy({ target: { host: "127.0.0.1", port: natsPort }, ...SLOW_LINK, seed: 2 }),
        ]);
        proxies.push(redis, nats);
        return { redisPort: redis.port, natsPort: nats.port };
      },
    });
    const spec = faultSpec("latency", 801, 40);
    const submitted = performance.now();
    const runId = await cluster.submit(spec);
    const run = await settled(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
    const lost = proxies.reduce((n, p) => n + p.stats().lost, 0);
    const chunks = proxies.reduce((n, p) => n + p.stats().chunks, 0);
    // Everything went through the proxies, and some of it was held as lost.
    expect(proxies.every((p) => p.stats().connections > 0)).toBe(true);
    expect(lost).toBeGreaterThan(0);
    recordFault({
      fault: "50 ms each way + 1 % loss on every link, whole run",
      network: "loopback",
      runMs: Math.round(performance.now() - submitted),
      chunks,
      lost,
    });
  }, 300_000);
});
