import { useEffect, useState } from "preact/hooks";
import { formatCount } from "../../output/format.ts";
import type { WorkersView } from "../live-types.ts";
import { getJson } from "./api.ts";

/** How often the workers page asks again. */
const REFRESH_MS = 2_000;

/**
 * Workers from their heartbeats (what the coordinator API tells today) and the coordinator's counters. Queue counts,
 * dead letters and per-worker throughput are not in the API yet: they are a marked gap here, never a guess.
 */
export function WorkersPage() {
  const [view, setView] = useState<WorkersView | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const load = () => {
      getJson<WorkersView>("/api/workers").then(
        (v) => {
          setView(v);
          setError(undefined);
        },
        (e: Error) => setError(e.message),
      );
      timer = setTimeout(load, REFRESH_MS);
    };
    load();
    return () => clearTimeout(timer);
  }, []);
  return (
    <section aria-labelledby="workers-h">
      <h2 id="workers-h">Workers and queues</h2>
      {error !== undefined && <p class="bad">{error}</p>}
      {view !== undefined && (
        <>
          <p>
            Coordinator <code>{view.coordinator.instance ?? "(no lease id)"}</code>, up since{" "}
            {view.coordinator.startedAt.replace("T", " ").slice(0, 19)}, {view.coordinator.activeRuns} active runs;
            rejected: {view.coordinator.rejectedRequests} requests, {view.coordinator.rejectedMessages} shard messages,{" "}
            {view.coordinator.rejectedHeartbeats} heartbeats; {view.coordinator.orphanMessages} late messages of
            finished runs dropped.
          </p>
          <div class="table-wrap">
            <table id="workers">
              <thead>
                <tr>
                  {[
                    "worker",
                    "threads",
                    "concurrency",
                    "running shards",
                    "completed",
                    "failed",
                    "malformed",
                    "state",
                    "last seen",
                  ].map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.workers.length === 0 && (
                  <tr>
                    <td colSpan={9} class="na">
                      no worker heard from in the last 20 s
                    </td>
                  </tr>
                )}
                {view.workers.map((w) => (
                  <tr data-worker={w.workerId}>
                    <th scope="row">{w.workerId}</th>
                    <td>{w.threads}</td>
                    <td>{w.concurrency}</td>
                    <td>{w.active}</td>
                    <td>{formatCount(w.completed)}</td>
                    <td>{formatCount(w.failed)}</td>
                    <td>{formatCount(w.malformed)}</td>
                    <td>{w.draining ? "draining" : "taking shards"}</td>
                    <td>{w.lastSeen.replace("T", " ").slice(0, 19)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="gap" data-gap="queues" role="note">
            <h3>Not in the coordinator API yet</h3>
            <ul>
              {view.missing.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
            <p>These need new coordinator API replies; the dashboard shows them once the coordinator serves them.</p>
          </div>
        </>
      )}
    </section>
  );
}
