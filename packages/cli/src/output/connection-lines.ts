import type { ServiceConnections } from "@mcx/client";

/** An ISO time as `mcx status` prints times: `2026-11-25 15:41:50` (UTC). */
const shortTime = (iso: string): string => iso.replace("T", " ").slice(0, 19);

/**
 * The dependencies a service is waiting for, one line each, for `mcx status`:
 * `worker w1: waiting for redis since 2026-11-25 15:41:50 (connect ECONNREFUSED 127.0.0.1:6379)`. Nothing when every
 * connection is up, or when the service did not report its connections.
 */
export function waitingLines(who: string, connections: ServiceConnections | undefined): string[] {
  if (connections === undefined) return [];
  const lines: string[] = [];
  for (const dependency of ["redis", "nats"] as const) {
    const c = connections[dependency];
    if (c.state !== "waiting") continue;
    lines.push(
      `${who}: waiting for ${dependency} since ${shortTime(c.since)}${c.reason === undefined ? "" : ` (${c.reason})`}`,
    );
  }
  return lines;
}
