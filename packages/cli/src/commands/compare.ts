import {
  type CompareReport,
  compareResults,
  getSimulation,
  McxError,
  McxErrorCode,
  type ResultDocument,
} from "@mcx/core";
import { type Command, Option } from "commander";
import { flagError, locate } from "../output/errors.ts";
import { formatCount, formatPValue } from "../output/format.ts";
import { createTable } from "../output/table.ts";
import { comparisonCells, levelText, relativeText, statisticLabel, verdictOf } from "../report/compare-format.ts";
import { loadResultFile } from "../report/load-result.ts";

interface CompareFlags {
  readonly json?: boolean;
  readonly fdr: number;
  readonly margin?: number;
  readonly match: "params" | "index";
  readonly all?: boolean;
  readonly independent?: boolean;
}

/** Exit status of `mcx compare` when something differs (product contract). */
export const EXIT_DIFFERENT = 3;

function fractionFlag(flag: string, lo: number, hi: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(n) || !(n > lo && n < hi)) {
      throw flagError(flag, `${flag} must be ${what} (got ${JSON.stringify(value)})`);
    }
    return n;
  };
}

function unitsOf(doc: ResultDocument): Map<string, string> {
  try {
    return new Map(getSimulation(doc.simulation).metrics.map((m) => [m.name, m.unit]));
  } catch {
    // A result of a simulation this build does not know: numbers without units.
    return new Map();
  }
}

function describeDoc(label: string, doc: ResultDocument, file: string): string {
  const trials = new Set(doc.points.map((p) => p.trials));
  const t = trials.size === 1 ? `${formatCount(doc.points[0]?.trials ?? 0)} trials` : "trials vary";
  return `${label}: ${doc.name} · ${doc.simulation} · seed ${doc.seed} · ${formatCount(doc.points.length)} point${doc.points.length === 1 ? "" : "s"} · ${t} · ${doc.digest.slice(0, 19)}… (${file})`;
}

/** Which tests were used: paired over aligned batches (same seed, points and trials) or independent. */
export function pairingLine(report: CompareReport): string {
  const aligned = report.pairs.filter((p) => (p.alignedBatches ?? 0) > 0);
  if (aligned.length === 0)
    return "tests: independent (Welch t, two-proportion score, quantile z): the runs are not aligned";
  const batches = aligned[0]!.alignedBatches;
  const share = aligned.length === report.pairs.length ? "" : ` at ${aligned.length} of ${report.pairs.length} points`;
  return `tests: paired over ${batches} aligned batches${share} (same seed, points and trials: common random numbers) for means, proportions and non-finite fractions; independent for exceedances and quantiles`;
}

/**
 * Nothing could be tested between two different results: an error (exit 2) rather than "a difference" (exit 3).
 * @throws McxError MCX_NOTHING_COMPARABLE naming the first reason and, when points did not pair, `--match index`
 */
export function nothingComparable(report: CompareReport, files: readonly [string, string]): McxError {
  const first = report.unmatched[0];
  const why = first === undefined ? "no statistic could be tested" : first.reason;
  const byParams =
    report.match === "params" && report.pairs.length === 0 && report.unmatched.some((u) => u.what === "point");
  const hint = byParams ? "--match index pairs points by index whatever their parameters" : undefined;
  return locate(
    new McxError(
      McxErrorCode.NOTHING_COMPARABLE,
      `${files[1]} has nothing to compare with ${files[0]}: ${why}`,
      hint === undefined ? undefined : { hint },
    ),
    "mcx compare",
  );
}

/** The human-readable comparison: header, table of differences (or of everything with `all`), unmatched, notes. */
export function renderCompare(
  report: CompareReport,
  a: ResultDocument,
  b: ResultDocument,
  files: readonly [string, string],
  all = false,
): string {
  const lines = [describeDoc("a", a, files[0]), describeDoc("b", b, files[1])];
  if (report.identical) {
    lines.push("", `identical: the digests match (${report.digestA}); every statistic is the same bit for bit.`);
    return `${lines.join("\n")}\n`;
  }
  const tested = report.tested;
  const level = levelText(report.confidence);
  lines.push(
    `${formatCount(report.comparisons.length)} comparisons (${formatCount(tested)} tested) at ${formatCount(report.pairs.length)} matched point${report.pairs.length === 1 ? "" : "s"} · b − a with ${level} intervals · FDR ${levelText(report.fdr)} (Benjamini–Hochberg)`,
    pairingLine(report),
  );
  for (const p of report.pairs) {
    if (p.paramsDiffer.length > 0) {
      lines.push(
        `point ${p.a} ↔ ${p.b}: ${p.paramsDiffer.map((d) => `${d.path} ${JSON.stringify(d.a)} → ${JSON.stringify(d.b)}`).join(", ")}`,
      );
    }
  }
  lines.push("");
  const units = unitsOf(a);
  const rows = all ? report.comparisons : report.significant;
  if (rows.length > 0) {
    const table = createTable([
      "point",
      "model",
      "metric",
      "statistic",
      "a",
      "b",
      `b − a [${level} interval]`,
      "rel.",
      "p",
      "q",
      "verdict",
    ]);
    for (const c of rows) {
      const unit = units.get(c.metric) ?? "";
      table.push([
        c.point === c.pointB ? String(c.point) : `${c.point}↔${c.pointB}`,
        c.model,
        c.metric,
        statisticLabel(c, unit),
        ...comparisonCells(c, unit),
        relativeText(c.relDiff),
        formatPValue(c.p),
        formatPValue(c.q),
        verdictOf(c),
      ]);
    }
    lines.push(table.toString(), "");
  }
  const n = report.significant.length;
  lines.push(
    n > 0
      ? `${formatCount(n)} significant difference${n === 1 ? "" : "s"} (q ≤ ${report.fdr}).`
      : `no significant difference (q ≤ ${report.fdr} for none of ${formatCount(tested)} tests).`,
  );
  if (report.equivalenceMargin !== undefined) {
    lines.push(
      `${formatCount(report.equivalent.length)} of ${formatCount(tested)} statistics equivalent within ±${levelText(report.equivalenceMargin)} of a (TOST, q ≤ ${report.fdr}).`,
    );
  }
  if (!all && n > 0 && report.comparisons.length > n) lines.push("--all shows every comparison.");
  for (const u of report.unmatched) {
    const where = [
      u.pointA !== undefined ? `point ${u.pointA} of a` : undefined,
      u.pointB !== undefined && u.pointB !== u.pointA ? `point ${u.pointB} of b` : undefined,
      u.model !== undefined ? `model ${u.model}` : undefined,
      u.metric !== undefined ? `metric ${u.metric}` : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(", ");
    lines.push(`unmatched ${u.what}: ${where}: ${u.reason}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return `${lines.join("\n")}\n`;
}

/** The report as JSON; non-finite numbers as "Infinity" / "-Infinity" / "NaN", as in `mcx-result/1`. */
export function compareReportJson(report: CompareReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

/** `mcx compare A.json B.json`: per-statistic comparison of two results; exit 0 when nothing differs, 3 when something does. */
export function register(program: Command): void {
  program
    .command("compare")
    .description("statistical comparison of two results, b − a per point, model and metric (exit 3 when they differ)")
    .argument("<a>", "the reference result (mcx-result/1 JSON)")
    .argument("<b>", "the result compared with it")
    .option("--json", "print the comparison as JSON")
    .option(
      "--fdr <Q>",
      "false discovery rate of the list of differences (Benjamini–Hochberg)",
      fractionFlag("--fdr", 0, 1, "a number in (0, 1)"),
      0.05,
    )
    .option(
      "--margin <M>",
      "also test equivalence (TOST) within ±M·|a|, M relative, e.g. 0.05",
      fractionFlag("--margin", 0, Number.POSITIVE_INFINITY, "a positive number"),
    )
    .addOption(
      new Option("--match <how>", "pair points with equal parameters, or by index whatever their parameters")
        .choices(["params", "index"])
        .default("params"),
    )
    .option("--all", "list every comparison, not only the differences")
    .option("--independent", "use independent tests even when the runs are aligned (no cross-run pairing)")
    .addHelpText(
      "after",
      "\nTests: aligned runs (same seed, points and trials) compare means, proportions and non-finite fractions by a\n" +
        "paired t test over their aligned batch means; otherwise Welch t for means and the two-proportion score test\n" +
        "(Newcombe interval) for proportions, non-finite fractions and exceedances; quantiles (p50, p90, p99) by a z test\n" +
        "on their order-statistic intervals. Exit status: 0 nothing differs, 3 a significant difference or an unmatched\n" +
        "point/model/metric/threshold, 2 nothing comparable.\n" +
        "\nExamples:\n  mcx compare baseline.json candidate.json\n  mcx compare a.json b.json --margin 0.02 --json\n  mcx compare rate1000.json rate1050.json --match index",
    )
    .action(async (fileA: string, fileB: string, flags: CompareFlags) => {
      const [a, b] = await Promise.all([loadResultFile(fileA), loadResultFile(fileB)]);
      const report = compareResults(a, b, {
        fdr: flags.fdr,
        match: flags.match,
        ...(flags.margin === undefined ? {} : { equivalenceMargin: flags.margin }),
        ...(flags.independent === true ? { pairing: "independent" as const } : {}),
      });
      if (!report.identical && !report.comparable) throw nothingComparable(report, [fileA, fileB]);
      process.stdout.write(
        flags.json ? compareReportJson(report) : renderCompare(report, a, b, [fileA, fileB], flags.all === true),
      );
      if (report.differs) process.exitCode = EXIT_DIFFERENT;
    });
}
