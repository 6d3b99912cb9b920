import {
  type CoordinatorStats,
  clientOptionsFromEnv,
  connectClient,
  type McxClient,
  type RunRecord,
  type RunRegression,
  type WorkerInfo,
} from "@mcx/client";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { waitingLines } from "../output/connection-lines.ts";
import { formatCount } from "../output/format.ts";
import { createTable } from "../output/table.ts";

/** Connection flags shared by the cluster commands (`submit`, `status`, `watch`, `results`, `cancel`). */
export interface ConnectionFlags {
  readonly nats?: string;
  readonly timeout?: number;
}

/** Adds `--nats URL` and `--timeout MS` to a cluster command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option("--nats <url>", "NATS server URL(s), comma-separated (default: $MCX_NATS_URL or nats://127.0.0.1:4222)")
    .option("--timeout <ms>", "how long a request waits for the coordinator", intFlag("--timeout", 100, 3_600_000))
    .addHelpText(
      "after",
      "\nCredentials: MCX_NATS_USER and MCX_NATS_PASSWORD, or MCX_NATS_TOKEN (the `cli` user of infra/nats/auth.conf).",
    );
}

/** Connects with flags and environment, runs `fn`, and always closes the connection. */
export async function withClient<T>(flags: ConnectionFlags, fn: (client: McxClient) => Promise<T>): Promise<T> {
  const client = await connectClient(clientOptionsFromEnv(process.env, { nats: flags.nats, timeoutMs: flags.timeout }));
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

function percent(done: number, planned: number): string {
  return planned > 0 ? `${Math.min(100, Math.floor((100 * done) / planned))}%` : "—";
}

/**
 * The regression line of `mcx status RUN`: `REGRESSION` in capitals when the run differs from its schedule's
 * baseline, so it stands out (and greps).
 */
export function regressionLine(r: RunRegression): string {
  const baseline = `baseline ${r.baselineDigest.slice(0, 19)}…`;
  return r.differs ? `REGRESSION ${r.summary} (${baseline})` : `regression none: ${r.summary} (${baseline})`;
}

/** The REGRESSION cell of `mcx status`: "YES (3)" when a run differs from its baseline, "no", or "—" (none). */
export function regressionCell(run: RunRecord): string {
  const r = run.regression;
  if (r === undefined) return run.scheduledBy !== undefined && run.status === "running" ? "…" : "—";
  return r.differs ? `YES (${r.significant})` : "no";
}

/** One run as `mcx status RUN` prints it. */
export function renderRun(run: RunRecord): string {
  const lines = [
    `run        ${run.runId}  (${run.name}, ${run.simulation})`,
    `status     ${run.status}${run.cancelRequested && run.status === "running" ? " (cancel requested)" : ""}`,
    `trials     ${formatCount(run.trialsDone)} of ${formatCount(run.trialsPlanned)} (${percent(run.trialsDone, run.trialsPlanned)})`,
    `shards     ${formatCount(run.shardsDone)} of ${formatCount(run.shardsPlanned)} × ${formatCount(run.shardTrials)} trials; ${run.duplicatesDropped} duplicates dropped, ${run.rejected} rejected`,
    `submitted  ${run.submittedAt}${run.finishedAt === undefined ? "" : `, finished ${run.finishedAt}`}`,
  ];
  if (run.resumed > 0)
    lines.push(`resumed    ${run.resumed} time${run.resumed === 1 ? "" : "s"} after a coordinator restart`);
  if (run.digest !== undefined) lines.push(`digest     ${run.digest}`);
  if (run.scheduledBy !== undefined) lines.push(`schedule   ${run.scheduledBy}`);
  if (run.regression !== undefined) lines.push(regressionLine(run.regression));
  if (run.error !== undefined) lines.push(`error      ${run.error.code}: ${run.error.message}`);
  for (const a of run.alarms) lines.push(`ALARM      ${a.kind}: ${a.message}`);
  return `${lines.join("\n")}\n`;
}

/**
 * `mcx status` without a run: the latest runs (with SCHEDULE and REGRESSION columns when any run has a schedule),
 * the live workers, and which coordinator answered (the active one, when several run as standbys).
 */
export function renderList(
  runs: readonly RunRecord[],
  workers: readonly WorkerInfo[],
  coordinator?: CoordinatorStats,
): string {
  const scheduled = runs.some((r) => r.scheduledBy !== undefined || r.regression !== undefined);
  const table = createTable([
    "run",
    "name",
    "status",
    "trials",
    "shards",
    "submitted",
    ...(scheduled ? ["schedule", "REGRESSION"] : []),
  ]);
  for (const r of runs) {
    table.push([
      r.runId,
      r.name,
      r.status,
      `${formatCount(r.trialsDone)} (${percent(r.trialsDone, r.trialsPlanned)})`,
      `${r.shardsDone}/${r.shardsPlanned}`,
      r.submittedAt.replace("T", " ").slice(0, 19),
      ...(scheduled ? [r.scheduledBy ?? "—", regressionCell(r)] : []),
    ]);
  }
  const threads = workers.reduce((n, w) => n + w.threads, 0);
  const busy = workers.reduce((n, w) => n + w.active, 0);
  const head = runs.length === 0 ? "no runs\n" : `${table.toString()}\n`;
  const lines = [`workers: ${workers.length} (${threads} threads, ${busy} shards running)`];
  for (const w of workers) lines.push(...waitingLines(`worker ${w.workerId}`, w.connections));
  if (coordinator !== undefined) {
    lines.push(
      `coordinator: ${coordinator.instance ?? "(no lease id)"}, up since ${coordinator.startedAt.replace("T", " ").slice(0, 19)}, ${coordinator.activeRuns} active run${coordinator.activeRuns === 1 ? "" : "s"}`,
      ...waitingLines("coordinator", coordinator.connections),
    );
  }
  return `${head}${lines.map((l) => `${l}\n`).join("")}`;
}

/** `mcx status [RUN]`: one run in detail, or the latest runs and the live workers. */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("status")
      .description("show a cluster run, or list the latest runs and the live workers")
      .argument("[run]", "run id (as printed by `mcx submit`)")
      .option("--json", "print the run record (or the listing) as JSON")
      .option("--limit <n>", "runs listed (newest first)", intFlag("--limit", 1, 1000)),
  ).action(async (runId: string | undefined, options: ConnectionFlags & { json?: boolean; limit?: number }) => {
    await withClient(options, async (client) => {
      if (runId !== undefined) {
        const run = await client.status(runId);
        process.stdout.write(options.json ? `${JSON.stringify(run, null, 2)}\n` : renderRun(run));
        return;
      }
      const listing = await client.list(options.limit === undefined ? {} : { limit: options.limit });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(listing, null, 2)}\n`
          : renderList(listing.runs, listing.workers, listing.coordinator),
      );
    });
  });
}
