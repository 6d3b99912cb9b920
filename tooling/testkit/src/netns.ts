// Hosts for fault tests: one network namespace per host, joined by point-to-point veth links, so that a test can cut
// exactly one path (a worker from Redis, the coordinator from NATS) by taking its link down, as a real partition
// does: packets vanish, nothing is reset. Everything is made by the test and addressed only inside it: 10.x.k.0/30 per
// link, with no routes beyond, and torn down by `destroy` (or, should the test process die, by its exit hook).
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { type Placement, spawnTracked } from "./process.ts";

const run = promisify(execFile);

/** The test process' own namespace as a host: its end of a link lets the test reach a server (client, probes). */
export const TEST_HOST = "test";

/** A set of hosts and links. */
export interface NetnsLab {
  /** Namespace of a host. */
  netns(host: string): string;
  /** The address `from` reaches `to` at: `to`'s end of their link. */
  address(from: string, to: string): string;
  /** Placement of a server on `host` that `TEST_HOST` probes over their link. */
  placement(host: string): Placement;
  /** Takes the link between two hosts down: a partition of those two only. */
  cut(a: string, b: string): Promise<void>;
  /** Brings it up again. */
  heal(a: string, b: string): Promise<void>;
  /** Spawns a process on a host (see `spawnTracked`). */
  spawn(
    host: string,
    command: string,
    args: readonly string[],
    env?: NodeJS.ProcessEnv,
  ): ReturnType<typeof spawnTracked>;
  /** Kills what still runs in the namespaces (processes this test started there) and deletes them. Idempotent. */
  destroy(): Promise<void>;
}

interface Link {
  readonly a: string;
  readonly b: string;
  readonly devA: string;
  readonly devB: string;
  readonly addrA: string;
  readonly addrB: string;
}

const labs = new Set<() => void>();
let exitHook = false;

/**
 * Why namespaces cannot be used here (not root, no iproute2, a container without CAP_NET_ADMIN), or undefined when
 * they can: a probe namespace is made and deleted.
 */
export function netnsUnavailable(): string | undefined {
  const name = `mcx-probe-${randomBytes(3).toString("hex")}`;
  const add = spawnSync("ip", ["netns", "add", name], { encoding: "utf8" });
  if (add.error) return `ip (iproute2) cannot run: ${add.error.message}`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  spawnSync("ip", ["netns", "del", name]);
  return undefined;
}

/** A free 10.x.0.0/16 for the links: none of this machine's addresses in it. */
function freeOctet(): number {
  const used = spawnSync("ip", ["-o", "-4", "addr"], { encoding: "utf8" }).stdout;
  for (;;) {
    const x = 200 + (randomBytes(1)[0]! % 50);
    if (!used.includes(` 10.${x}.`)) return x;
  }
}

/**
 * Creates `hosts` (each a namespace; `TEST_HOST` is this process' own) and a veth link per pair in `links`.
 * @example
 * const lab = await createNetnsLab({ hosts: ["redis", "w1"], links: [["w1", "redis"], [TEST_HOST, "redis"]] });
 * lab.address("w1", "redis") // → "10.231.0.2"
 */
export async function createNetnsLab(spec: {
  readonly hosts: readonly string[];
  readonly links: readonly (readonly [string, string])[];
}): Promise<NetnsLab> {
  const id = randomBytes(2).toString("hex");
  const nsOf = (host: string): string => `mcx-${id}-${host}`;
  const spaces = spec.hosts.filter((h) => h !== TEST_HOST).map(nsOf);
  const octet = freeOctet();
  const links: Link[] = spec.links.map(([a, b], k) => ({
    a,
    b,
    devA: `mx${id}l${k}a`,
    devB: `mx${id}l${k}b`,
    addrA: `10.${octet}.${k}.1`,
    addrB: `10.${octet}.${k}.2`,
  }));
  const ip = (host: string, args: readonly string[]) =>
    run("ip", host === TEST_HOST ? [...args] : ["-n", nsOf(host), ...args]);

  const cleanup = (): void => {
    for (const ns of spaces) {
      // Only what runs inside this lab's namespaces: processes the test started there.
      const pids = spawnSync("ip", ["netns", "pids", ns], { encoding: "utf8" }).stdout.split(/\s+/).filter(Boolean);
      for (const pid of pids) spawnSync("kill", ["-9", pid]);
      spawnSync("ip", ["netns", "del", ns]);
    }
    // A link with an end in this process' namespace goes with the namespace of its other end; this is for safety.
    for (const l of links)
      if (l.a === TEST_HOST || l.b === TEST_HOST) spawnSync("ip", ["link", "del", l.a === TEST_HOST ? l.devA : l.devB]);
  };
  labs.add(cleanup);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const c of labs) c();
    });
  }

  try {
    for (const ns of spaces) {
      await run("ip", ["netns", "add", ns]);
      await run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    }
    for (const l of links) {
      await run("ip", ["link", "add", l.devA, "type", "veth", "peer", "name", l.devB]);
      for (const [host, dev, addr] of [
        [l.a, l.devA, l.addrA],
        [l.b, l.devB, l.addrB],
      ] as const) {
        if (host !== TEST_HOST) await run("ip", ["link", "set", dev, "netns", nsOf(host)]);
        await ip(host, ["addr", "add", `${addr}/30`, "dev", dev]);
        await ip(host, ["link", "set", dev, "up"]);
      }
    }
  } catch (e) {
    cleanup();
    labs.delete(cleanup);
    throw e;
  }

  const linkOf = (a: string, b: string): Link => {
    const l = links.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    if (!l) throw new Error(`no link between ${a} and ${b}`);
    return l;
  };
  const setLink = async (a: string, b: string, state: "up" | "down") => {
    const l = linkOf(a, b);
    await ip(l.a, ["link", "set", l.devA, state]);
    await ip(l.b, ["link", "set", l.devB, state]);
  };
  const address = (from: string, to: string): string => {
    const l = linkOf(from, to);
    return l.a === to ? l.addrA : l.addrB;
  };
  let destroyed = false;
  return {
    netns: nsOf,
    address,
    placement: (host) => ({ netns: nsOf(host), bind: "0.0.0.0", probeHost: address(TEST_HOST, host) }),
    cut: (a, b) => setLink(a, b, "down"),
    heal: (a, b) => setLink(a, b, "up"),
    spawn(host, command, args, env) {
      const argv = host === TEST_HOST ? [command, ...args] : ["ip", "netns", "exec", nsOf(host), command, ...args];
      return spawnTracked(argv[0]!, argv.slice(1), { env: env ?? process.env });
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      cleanup();
      labs.delete(cleanup);
    },
  };
}
