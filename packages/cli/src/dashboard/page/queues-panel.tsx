import { formatCount } from "../../output/format.ts";
import type { WorkersView } from "../live-types.ts";
import { DeadLettersTable } from "./dead-letters-table.tsx";
import { runHref } from "./route.ts";

const STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

/** What each queue is for, under its name. */
const PURPOSE: Readonly<Record<string, string>> = {
  "mcx-shards": "shard jobs (delayed: waiting for a retry; failed: dead letters; completed: kept for idempotency)",
  "mcx-schedules": "schedule ticks (delayed: each schedule's next tick)",
};

/** The BullMQ queues' counts and the dead letters, as the coordinator reads them from Redis. */
export function QueuesPanel({ view }: { view: WorkersView }) {
  const dead = view.deadLetters;
  return (
    <>
      <h3 id="queues-h">Queues</h3>
      {view.queues === null ? (
        <p class="na">queue counts unavailable</p>
      ) : (
        <div class="table-wrap">
          <table id="queues" aria-labelledby="queues-h">
            <thead>
              <tr>
                <th scope="col">queue</th>
                {STATES.map((s) => (
                  <th scope="col">{s}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.queues.map((q) => (
                <tr data-queue={q.name}>
                  <th scope="row">
                    {q.name}
                    <div class="note">{PURPOSE[q.name] ?? ""}</div>
                  </th>
                  {STATES.map((s) => (
                    <td data-count={s}>{formatCount(q[s])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="dead-h">Dead letters</h3>
      {dead === null ? (
        <p class="na">dead letters unavailable</p>
      ) : (
        <section aria-labelledby="dead-h" data-dead-letters={dead.total}>
          <p>
            {formatCount(dead.total)} shard job{dead.total === 1 ? "" : "s"} failed for good (kept 7 days)
            {dead.truncated ? "; the counts per run cover the newest only" : ""}.
          </p>
          {dead.byRun.length > 0 && (
            <ul class="inline-list" aria-label="dead letters per run">
              {dead.byRun.map((r) => (
                <li data-run={r.runId}>
                  <a href={runHref(r.runId)}>{r.runId}</a>: {formatCount(r.count)}
                </li>
              ))}
            </ul>
          )}
          {dead.letters.length > 0 && <DeadLettersTable id="dead-letters" letters={dead.letters} showRun={true} />}
        </section>
      )}
    </>
  );
}
