import { type CompareReport, compareResults, getSimulation, type ResultDocument } from "@mcx/core";
import { type Command, Option } from "commander";
import { flagError } from "../output/errors.ts";
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
  const tested = report.comparisons.filter((c) => c.test !== "none");
  const level = levelText(report.confidence);
  lines.push(
    `${formatCount(report.comparisons.length)} comparisons (${formatCount(tested.length)} tested) at ${formatCount(report.pairs.length)} matched point${report.pairs.length === 1 ? "" : "s"} · b − a with ${level} intervals · FDR ${levelText(report.fdr)} (Benjamini–Hochberg)`,
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
      : `no significant difference (q ≤ ${report.fdr} for none of ${formatCount(tested.length)} tests).`,
  );
  if (report.equivalenceMargin !== undefined) {
    lines.push(
      `${formatCount(report.equivalent.length)} of ${formatCount(tested.length)} statistics equivalent within ±${levelText(report.equivalenceMargin)} of a (TOST, q ≤ ${report.fdr}).`,
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
    .addHelpText(
      "after",
      "\nTests: Welch t for means; two-proportion score test (Newcombe interval) for proportions, non-finite fractions\n" +
        "and exceedances. Exit status: 0 nothing differs, 3 a significant difference or an unmatched point/model/metric.\n" +
        "\nExamples:\n  mcx compare baseline.json candidate.json\n  mcx compare a.json b.json --margin 0.02 --json\n  mcx compare rate1000.json rate1050.json --match index",
    )
    .action(async (fileA: string, fileB: string, flags: CompareFlags) => {
      const [a, b] = await Promise.all([loadResultFile(fileA), loadResultFile(fileB)]);
      const report = compareResults(a, b, {
        fdr: flags.fdr,
        match: flags.match,
        ...(flags.margin === undefined ? {} : { equivalenceMargin: flags.margin }),
      });
      process.stdout.write(
        flags.json ? compareReportJson(report) : renderCompare(report, a, b, [fileA, fileB], flags.all === true),
      );
      if (report.differs) process.exitCode = EXIT_DIFFERENT;
    });
}
