import { useEffect, useState } from "preact/hooks";
import { formatCount, formatNumber } from "../../output/format.ts";
import type { WorkerInfo, WorkersView } from "../live-types.ts";
import { getJson } from "./api.ts";
import { QueuesPanel } from "./queues-panel.tsx";

/** How often the workers page asks again. */
const REFRESH_MS = 2_000;

const HEADERS = [
  "worker",
  "threads",
  "concurrency",
  "running shards",
  "shards/min (last minute)",
  "completed",
  "failed",
  "malformed",
  "state",
  "last seen",
];

/** A worker's shards per minute over the window the coordinator has, with that window when it is shorter. */
function Throughput({ w }: { w: WorkerInfo }) {
  const t = w.throughput;
  if (t === undefined) return <td class="na">—</td>;
  const short = t.windowSeconds < 55;
  return (
    <td data-throughput={t.shards} title={`${t.shards} shards in the last ${t.windowSeconds.toFixed(0)} s`}>
      {formatNumber(t.shardsPerSecond * 60, 3)}
      {short && <span class="note"> (over {t.windowSeconds.toFixed(0)} s)</span>}
    </td>
  );
}

/** Workers from their heartbeats (with their throughput), the coordinator's counters, the queues and dead letters. */
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
          {view.problems.length > 0 && (
            <ul class="warnings" aria-label="what the coordinator could not say">
              {view.problems.map((p) => (
                <li>⚠ {p}</li>
              ))}
            </ul>
          )}
          <div class="table-wrap">
            <table id="workers">
              <thead>
                <tr>
                  {HEADERS.map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.workers.length === 0 && (
                  <tr>
                    <td colSpan={HEADERS.length} class="na">
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
                    <Throughput w={w} />
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
          <QueuesPanel view={view} />
        </>
      )}
    </section>
  );
}
