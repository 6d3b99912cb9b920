import { formatCount } from "../../output/format.ts";
import type { DeadLetterEntry } from "../live-types.ts";
import { runHref } from "./route.ts";

const when = (iso: string | undefined) => (iso === undefined ? "—" : iso.replace("T", " ").slice(0, 19));

/** Shard jobs that failed for good, the newest first: run and shard, attempts, the worker's error, when. */
export function DeadLettersTable(props: { letters: readonly DeadLetterEntry[]; id: string; showRun: boolean }) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <thead>
          <tr>
            {[...(props.showRun ? ["run"] : []), "shard", "attempts", "error", "failed at"].map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.letters.map((l) => (
            <tr data-job={l.jobId}>
              {props.showRun && (
                <td>
                  {l.runId === undefined ? (
                    <span class="na">malformed job {l.jobId}</span>
                  ) : (
                    <a href={runHref(l.runId)}>{l.runId}</a>
                  )}
                </td>
              )}
              <td>{l.shard ?? "—"}</td>
              <td>{formatCount(l.attempts)}</td>
              <td>
                {l.code !== undefined && <code>{l.code}</code>}{" "}
                {l.code === undefined ? l.reason : l.reason.slice(l.code.length + 2)}
              </td>
              <td>{when(l.failedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
