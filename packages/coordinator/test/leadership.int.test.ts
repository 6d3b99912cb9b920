import { connect, createServer, type Server, type Socket } from "node:net";
import { Topology, toRedisConnection } from "@mcx/protocol";
import { getFreePort, type ServerHandle, startRedis } from "@mcx/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLeadership, type Leadership } from "../src/leadership.ts";
import { silent } from "./helpers/parts.ts";

// The coordinator lease on a real redis-server. The active coordinator reaches Redis through a loopback proxy the
// test can silence (connections stay open, nothing gets through: a partition, or a paused Redis); the standby
// talks to Redis directly, so it takes over exactly when the lease expires. Only the order of the two events is
// checked, never a duration.
const enabled = process.env["MCX_INTEGRATION"] === "1";

/** A TCP proxy to `port` whose traffic can be dropped in both directions. */
async function startProxy(port: number): Promise<{ port: number; silence(): void; close(): Promise<void> }> {
  let silenced = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (d) => silenced || upstream.write(d));
    upstream.on("data", (d) => silenced || client.write(d));
  });
  const own = await getFreePort();
  await new Promise<void>((resolve) => server.listen(own, "127.0.0.1", resolve));
  return {
    port: own,
    silence: () => {
      silenced = true;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!enabled)("coordinator leadership", () => {
  let redis: ServerHandle;
  let admin: Redis;
  const held: Leadership[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(toRedisConnection(redis.url));
  });
  afterAll(async () => {
    for (const l of held) await l.release();
    admin?.disconnect();
    await redis?.stop();
  });

  it("gives the lease up before it can expire when Redis stops answering, so a standby never overlaps it", async () => {
    const proxy = await startProxy(redis.port);
    try {
      const connection = toRedisConnection(redis.url);
      const active = await acquireLeadership({
        redis: { ...connection, port: proxy.port },
        leaseMs: 1500,
        logger: silent,
        id: "active",
      });
      held.push(active!);
      const events: string[] = [];
      void active!.lost.then(() => events.push("active gave up"));
      const standby = acquireLeadership({ redis: connection, leaseMs: 1500, logger: silent, id: "standby" }).then(
        (l) => {
          events.push("standby took over");
          held.push(l!);
          return l;
        },
      );
      proxy.silence();
      await standby;
      await active!.lost;
      expect(events).toEqual(["active gave up", "standby took over"]);
      expect(await admin.get(Topology.coordinatorLeaseKey)).toBe("standby");
    } finally {
      await proxy.close();
      for (const l of held.splice(0)) await l.release();
    }
  });

  it("hands the lease to a standby on release, long before it would expire", async () => {
    const connection = toRedisConnection(redis.url);
    const first = await acquireLeadership({ redis: connection, leaseMs: 600_000, logger: silent, id: "first" });
    const second = acquireLeadership({ redis: connection, leaseMs: 600_000, logger: silent, id: "second" });
    await expect.poll(() => admin.get(Topology.coordinatorLeaseKey)).toBe("first");
    await first!.release();
    // The lease had ten minutes left: only the release lets the standby in within the test's time.
    held.push((await second)!);
    expect(await admin.get(Topology.coordinatorLeaseKey)).toBe("second");
    await held.pop()!.release();
  });

  it("reports the lease lost at once when another coordinator holds it", async () => {
    const connection = toRedisConnection(redis.url);
    const holder = await acquireLeadership({ redis: connection, leaseMs: 1500, logger: silent, id: "holder" });
    await admin.set(Topology.coordinatorLeaseKey, "someone-else", "PX", 60_000);
    expect(await holder!.lost).toBe("another coordinator holds the lease");
    await admin.del(Topology.coordinatorLeaseKey);
  });
});
