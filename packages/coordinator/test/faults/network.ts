import { createNetnsLab, type NetnsLab, netnsUnavailable, type Placement, spawnTracked, TEST_HOST } from "@mcx/testkit";

// Where the fault suite's parts run. "netns": each of Redis, NATS, the coordinators' host and two workers in a
// network namespace of its own, linked point to point (every client host to Redis and to NATS, the test to both), so
// one link can be cut. "loopback": everything on 127.0.0.1, where namespaces are not permitted.

/** The hosts of the fault suite. */
export type Host = "redis" | "nats" | "coord" | "w1" | "w2";
export const CLIENT_HOSTS = ["coord", "w1", "w2"] as const;

export interface Network {
  readonly kind: "netns" | "loopback";
  /** Where a server host's process runs and listens. */
  placement(server: "redis" | "nats"): Placement;
  /** The address a host reaches a server at. */
  route(from: Host, server: "redis" | "nats"): string;
  spawn(host: Host, command: string, args: readonly string[], env: NodeJS.ProcessEnv): ReturnType<typeof spawnTracked>;
  /** Cuts the link between a client host and a server (netns only). */
  cut(from: Host, server: "redis" | "nats"): Promise<void>;
  heal(from: Host, server: "redis" | "nats"): Promise<void>;
  destroy(): Promise<void>;
}

/** Why the suite runs on loopback only, or undefined when it has namespaces. Checked once per process. */
let reason: string | undefined | null = null;
export function namespacesUnavailable(): string | undefined {
  if (reason === null) reason = netnsUnavailable();
  return reason;
}

export async function createNamespaces(): Promise<Network> {
  const lab: NetnsLab = await createNetnsLab({
    hosts: [TEST_HOST, "redis", "nats", ...CLIENT_HOSTS],
    links: [TEST_HOST, ...CLIENT_HOSTS].flatMap((h) => [[h, "redis"] as const, [h, "nats"] as const]),
  });
  return {
    kind: "netns",
    placement: (server) => lab.placement(server),
    route: (from, server) => lab.address(from, server),
    spawn: (host, command, args, env) => lab.spawn(host, command, args, env),
    cut: (from, server) => lab.cut(from, server),
    heal: (from, server) => lab.heal(from, server),
    destroy: () => lab.destroy(),
  };
}

export function createLoopback(): Network {
  const unsupported = () => Promise.reject(new Error("partitions need network namespaces"));
  return {
    kind: "loopback",
    placement: () => ({}),
    route: () => "127.0.0.1",
    spawn: (_host, command, args, env) => spawnTracked(command, args, { env }),
    cut: unsupported,
    heal: unsupported,
    destroy: () => Promise.resolve(),
  };
}
