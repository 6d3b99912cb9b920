import { spawnSync } from "node:child_process";
import { ApiVerb, apiSubject, summarySubject, Topology } from "@mcx/protocol";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorEnv, coordinatorMain, root, testPasswords, workerEnv, workerMain } from "../helpers/cluster.ts";
import { type FaultCluster, settled, startFaultCluster } from "./fault-cluster.ts";
import { createLoopback } from "./network.ts";
import { faultSpec } from "./specs.ts";

// Least privilege, proved on real servers with infra/'s NATS permissions (infra/nats/auth.conf) and Redis ACL
// (infra/redis/users.acl): each role is refused what it has no business doing, wrong credentials end a command or a
// service with one line and exit 2, and no password shows in logs, `mcx status` or an error.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const TAG = "acl";
const passwords = testPasswords(TAG);
const secrets = Object.values(passwords);
const cliMain = `${root}packages/cli/dist/main.js`;

describe.skipIf(!enabled)("least privilege with infra/'s ACLs", () => {
  let cluster: FaultCluster;
  let worker: NatsConnection;
  let cli: NatsConnection;
  let runId: string;

  beforeAll(async () => {
    cluster = await startFaultCluster({ net: createLoopback(), tag: TAG, workers: ["w1"] });
    runId = await cluster.submit(faultSpec("acl", 1101, 4));
    await settled(cluster.client, runId);
    worker = await connect({ servers: cluster.nats().url, user: "worker", pass: passwords.natsWorker });
    cli = await connect({ servers: cluster.nats().url, user: "cli", pass: passwords.natsCli });
  });
  afterAll(async () => {
    await worker?.close();
    await cli?.close();
    await cluster?.close();
  });

  it("the worker role cannot submit, cancel, or read status or results", async () => {
    const runs = (await cluster.client.list()).runs.length;
    for (const verb of [ApiVerb.submit, ApiVerb.cancel, ApiVerb.status, ApiVerb.results, ApiVerb.retry]) {
      const body = verb === ApiVerb.submit ? { spec: JSON.stringify(faultSpec("nope", 1, 1)) } : { runId };
      await expect(worker.request(apiSubject(verb), JSON.stringify(body), { timeout: 3_000 })).rejects.toThrow(
        /permission|timeout|no responders/i,
      );
    }
    expect((await cluster.client.list()).runs.length).toBe(runs);
    expect((await cluster.client.status(runId)).status).toBe("completed");
  });

  it("the cli role cannot publish shard summaries, and has no Redis user (no BullMQ key, no lease)", async () => {
    const orphans = (await cluster.client.list()).coordinator.orphanMessages;
    await expect(jetstream(cli).publish(summarySubject(runId), "{}", { timeout: 3_000 })).rejects.toThrow();
    cli.publish(summarySubject(runId), "{}");
    await cli.flush().catch(() => undefined);
    expect((await cluster.client.list()).coordinator.orphanMessages).toBe(orphans);

    const port = cluster.redis().port;
    for (const [username, password] of [
      ["cli", passwords.natsCli],
      ["default", ""],
    ] as const) {
      const r = new Redis({
        port,
        username,
        password,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      // A refused AUTH comes as an error event; the connect itself then fails as "closed".
      const errors: string[] = [];
      r.on("error", (e: Error) => errors.push(e.message));
      await expect(r.connect()).rejects.toThrow();
      r.disconnect();
      expect(errors.join("\n")).toMatch(/WRONGPASS|NOAUTH|disabled|invalid username-password/i);
    }
    // The worker's Redis user reaches the queue's keys only: not the lease, nothing dangerous.
    const w = new Redis({ port, username: "worker", password: passwords.redisWorker, maxRetriesPerRequest: 0 });
    try {
      await expect(w.set(Topology.coordinatorLeaseKey, "me")).rejects.toThrow(/NOPERM/);
      await expect(w.flushall()).rejects.toThrow(/NOPERM/);
      expect(await w.exists(`${Topology.queuePrefix}:${Topology.queue}:meta`)).toBeGreaterThanOrEqual(0);
    } finally {
      w.disconnect();
    }
  });

  it("wrong credentials: mcx status, the coordinator and a worker stop with one line and exit 2, no password", () => {
    const status = spawnSync(process.execPath, [cliMain, "status"], {
      encoding: "utf8",
      env: {
        ...process.env,
        MCX_NATS_URL: cluster.nats().url,
        MCX_NATS_USER: "cli",
        MCX_NATS_PASSWORD: "not-the-password",
      },
      timeout: 30_000,
    });
    expect(status.status).toBe(2);
    expect(status.stdout).toBe("");
    const lines = status.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`error[MCX_AUTH]: NATS at ${cluster.nats().url} refused the credentials (mcx status)`);
    expect(lines.slice(1).every((l) => l.startsWith("hint: "))).toBe(true);
    expect(status.stderr).not.toContain("not-the-password");

    const servers = { redis: cluster.redis(), nats: cluster.nats() };
    const wrongRedis = `redis://coordinator:wrong-redis-pw@127.0.0.1:${servers.redis.port}`;
    const coordinator = spawnSync(process.execPath, [coordinatorMain], {
      encoding: "utf8",
      env: { ...coordinatorEnv(servers, passwords), MCX_REDIS_URL: wrongRedis },
      timeout: 60_000,
    });
    const worker = spawnSync(process.execPath, [workerMain], {
      encoding: "utf8",
      env: { ...workerEnv(servers, passwords, "w9"), MCX_NATS_PASSWORD: "wrong-nats-pw" },
      timeout: 60_000,
    });
    for (const [proc, fatal] of [
      [coordinator, "Redis at 127.0.0.1"],
      [worker, "NATS at nats://127.0.0.1"],
    ] as const) {
      expect(proc.status, proc.stdout + proc.stderr).toBe(2);
      const out = (proc.stdout + proc.stderr).trimEnd().split("\n");
      const last = JSON.parse(out[out.length - 1]!) as { level: number; code: string; msg: string };
      expect(last).toMatchObject({ level: 60, code: "MCX_AUTH" });
      expect(last.msg).toMatch(new RegExp(`^${fatal}[^ ]* refused the credentials$`));
      expect(proc.stdout + proc.stderr).not.toMatch(/wrong-(redis|nats)-pw/);
    }
  });

  it("no password appears in any service's log or in mcx status", () => {
    const status = spawnSync(process.execPath, [cliMain, "status"], {
      encoding: "utf8",
      env: {
        ...process.env,
        MCX_NATS_URL: cluster.nats().url,
        MCX_NATS_USER: "cli",
        MCX_NATS_PASSWORD: passwords.natsCli,
      },
      timeout: 30_000,
    });
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(runId);
    const everything = [
      status.stdout,
      status.stderr,
      ...cluster.coordinators.map((c) => c.output()),
      ...[...cluster.workers.values()].map((w) => w.output()),
    ].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
