import { cronProblem, isScheduleName, MAX_BASELINE_CHARS, type ScheduleRecord } from "@mcx/client";
import { McxError, McxErrorCode } from "@mcx/core";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { flagError, locate } from "../output/errors.ts";
import { formatCount, formatDuration } from "../output/format.ts";
import { toResultJson } from "../output/result-json.ts";
import { createTable } from "../output/table.ts";
import { loadResultFile } from "../report/load-result.ts";
import { loadSpecFile } from "../spec-file.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

interface AddOptions extends ConnectionFlags {
  readonly cron?: string;
  readonly tz?: string;
  readonly every?: number;
  readonly baseline?: string;
  readonly replace?: boolean;
  readonly json?: boolean;
}

/** Longest `--every`: a year. */
const MAX_EVERY_SECONDS = 366 * 24 * 3600;

function checkName(name: string): void {
  if (!isScheduleName(name)) {
    throw flagError(
      "NAME",
      `NAME must be a schedule name: lowercase letters, digits and '-', starting with a letter or digit, at most 48 characters (got ${JSON.stringify(name)})`,
    );
  }
}

/** A schedule's trigger as people say it: `cron "0 3 * * *" (Europe/Berlin)` or `every 30 s`. */
export function triggerText(s: Pick<ScheduleRecord, "cron" | "tz" | "everySeconds">): string {
  if (s.cron !== undefined) return `cron "${s.cron}"${s.tz === undefined ? "" : ` (${s.tz})`}`;
  return `every ${formatDuration(s.everySeconds ?? Number.NaN).replace(/\.00 s$/, " s")}`;
}

const shortTime = (iso: string | undefined): string =>
  iso === undefined ? "—" : `${iso.replace("T", " ").slice(0, 19)} UTC`;

/** `mcx schedule list` as a table. */
export function renderSchedules(schedules: readonly ScheduleRecord[]): string {
  if (schedules.length === 0) return "no schedules\n";
  const table = createTable(["name", "trigger", "spec", "baseline", "runs", "last run", "next"]);
  for (const s of schedules) {
    table.push([
      s.name,
      triggerText(s),
      `${s.specName} (${s.simulation}, ${s.points} point${s.points === 1 ? "" : "s"})`,
      s.baselineDigest === undefined ? "—" : `${s.baselineDigest.slice(0, 19)}…`,
      `${formatCount(s.runs)}${s.skipped > 0 ? ` (${formatCount(s.skipped)} skipped)` : ""}`,
      s.lastRunId ?? "—",
      shortTime(s.next),
    ]);
  }
  const errors = schedules
    .filter((s) => s.lastError !== undefined)
    .map((s) => `${s.name}: last tick failed: ${s.lastError?.code}: ${s.lastError?.message}\n`);
  return `${table.toString()}\n${errors.join("")}`;
}

/** `mcx schedule add|list|remove`: runs submitted by the coordinator on a cron expression or an interval. */
export function register(program: Command): void {
  const schedule = program
    .command("schedule")
    .description("nightly (or every N seconds) runs of a spec, compared with a baseline result")
    .addHelpText(
      "after",
      '\nExamples:\n  mcx schedule add nightly --cron "0 3 * * *" spec.yaml --baseline baseline.json\n  mcx schedule add smoke --every 600 smoke.yaml\n  mcx schedule list\n  mcx schedule remove nightly\n\nEach tick submits the spec as a new run (`mcx status` shows it with its schedule). With a baseline, a finished\nrun is compared with it (as `mcx compare BASELINE RESULT` does) and `mcx status` shows REGRESSION when it differs.\nA tick is skipped while the schedule\'s previous run is still running.',
    );

  withConnectionOptions(
    schedule
      .command("add")
      .description("create a schedule: the coordinator submits SPEC at every tick")
      .argument("<name>", "schedule name (lowercase letters, digits, '-')")
      .argument("<spec>", "experiment spec, YAML or JSON")
      .option("--cron <expr>", 'cron expression, e.g. "0 3 * * *" (5 fields, or 6 with seconds first)')
      .option("--tz <zone>", "time zone of --cron, e.g. Europe/Berlin (default: the coordinator's)")
      .option("--every <seconds>", "instead of --cron: a tick every SECONDS", intFlag("--every", 1, MAX_EVERY_SECONDS))
      .option("--baseline <result.json>", "compare each finished run with this result (mcx-result/1)")
      .option("--replace", "replace the schedule of that name if it exists")
      .option("--json", "print the schedule record as JSON"),
  ).action(async (name: string, file: string, options: AddOptions) => {
    // Everything is checked before anything is sent: a bad name, trigger, spec or baseline stores nothing.
    checkName(name);
    if ((options.cron === undefined) === (options.every === undefined)) {
      throw flagError(
        "--cron",
        options.cron === undefined ? "one of --cron and --every is required" : "--cron and --every exclude each other",
        'e.g. --cron "0 3 * * *" (03:00 every day) or --every 3600',
      );
    }
    if (options.tz !== undefined && options.cron === undefined) throw flagError("--tz", "--tz applies to --cron only");
    if (options.cron !== undefined) {
      const problem = cronProblem(options.cron, options.tz);
      if (problem !== undefined) {
        const tzProblem = problem.startsWith("unknown time zone");
        throw flagError(
          tzProblem ? "--tz" : "--cron",
          tzProblem
            ? `--tz must be an IANA time zone (got ${JSON.stringify(options.tz)})`
            : `--cron must be a cron expression: ${problem} (got ${JSON.stringify(options.cron)})`,
          tzProblem
            ? "e.g. UTC or Europe/Berlin"
            : 'five fields, minute hour day-of-month month day-of-week: "0 3 * * *"',
        );
      }
    }
    const { text, spec } = await loadSpecFile(file);
    let baseline: string | undefined;
    if (options.baseline !== undefined) {
      const doc = await loadResultFile(options.baseline);
      if (doc.simulation !== spec.simulation) {
        throw locate(
          new McxError(
            McxErrorCode.RESULT_INVALID,
            `the baseline is a result of simulation ${doc.simulation}, but ${file} runs ${spec.simulation}`,
            { hint: "pass a result of the same simulation (e.g. `mcx run SPEC --out baseline.json`)" },
          ),
          options.baseline,
        );
      }
      baseline = toResultJson(doc);
      if (baseline.length > MAX_BASELINE_CHARS) {
        throw locate(
          new McxError(
            McxErrorCode.RESULT_INVALID,
            `the baseline is too large (${formatCount(baseline.length)} characters of JSON, at most ${formatCount(MAX_BASELINE_CHARS)})`,
          ),
          options.baseline,
        );
      }
    }
    const record = await withClient(options, (client) =>
      client.scheduleAdd({
        name,
        spec: text,
        fileName: file,
        ...(options.cron === undefined ? {} : { cron: options.cron }),
        ...(options.tz === undefined ? {} : { tz: options.tz }),
        ...(options.every === undefined ? {} : { everySeconds: options.every }),
        ...(baseline === undefined ? {} : { baseline }),
        ...(options.replace ? { replace: true } : {}),
      }),
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      return;
    }
    const lines = [
      `schedule ${record.name}: ${triggerText(record)}, next tick ${shortTime(record.next)}`,
      `spec     ${record.specName} (${record.simulation}, ${record.points} point${record.points === 1 ? "" : "s"}) from ${file}`,
    ];
    if (record.baselineDigest !== undefined) lines.push(`baseline ${record.baselineDigest} (${options.baseline})`);
    process.stdout.write(`${lines.join("\n")}\n`);
  });

  withConnectionOptions(
    schedule
      .command("list")
      .description("list the schedules with their trigger, runs and next tick")
      .option("--json", "print the schedule records as JSON"),
  ).action(async (options: ConnectionFlags & { json?: boolean }) => {
    const schedules = await withClient(options, (client) => client.scheduleList());
    process.stdout.write(options.json ? `${JSON.stringify(schedules, null, 2)}\n` : renderSchedules(schedules));
  });

  withConnectionOptions(
    schedule
      .command("remove")
      .description("remove a schedule: no more ticks (its runs and their results stay)")
      .argument("<name>", "schedule name"),
  ).action(async (name: string, options: ConnectionFlags) => {
    checkName(name);
    const removed = await withClient(options, (client) => client.scheduleRemove(name));
    process.stdout.write(
      `removed schedule ${removed.name}; its ${formatCount(removed.runs)} run${removed.runs === 1 ? "" : "s"} and their results stay\n`,
    );
  });
}
