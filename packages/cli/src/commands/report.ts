import { basename, dirname, extname, join } from "node:path";
import { compareResults } from "@mcx/core";
import { mcxVersion } from "@mcx/runner";
import type { Command } from "commander";
import { flagError } from "../output/errors.ts";
import { checkOutPath, writeFileAtomic } from "../output/result-file.ts";
import { loadResultFile } from "../report/load-result.ts";
import { type ReportOptions, renderReport } from "../report/render.ts";

interface ReportFlags {
  readonly output?: string;
  readonly compare?: string;
  readonly fdr: number;
}

/** `result.json` → `result.html` beside it. */
export function defaultReportPath(resultFile: string): string {
  const ext = extname(resultFile);
  return join(dirname(resultFile), `${basename(resultFile, ext === ".json" ? ext : "")}.html`);
}

function fdrFlag(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === "" || !(n > 0 && n < 1))
    throw flagError("--fdr", `--fdr must be a number in (0, 1) (got ${JSON.stringify(value)})`);
  return n;
}

/** `mcx report RESULT.json`: one self-contained HTML file with tables and inline SVG plots. */
export function register(program: Command): void {
  program
    .command("report")
    .description("write one self-contained HTML report of a result (inline SVG plots, no network)")
    .argument("<result>", "the result (mcx-result/1 JSON)")
    .option("-o, --output <FILE>", "where to write the HTML, - for stdout (default: RESULT with .html)")
    .option("--compare <B>", "add the statistical comparison with another result (b − a, a = RESULT)")
    .option("--fdr <Q>", "false discovery rate of the comparison", fdrFlag, 0.05)
    .addHelpText(
      "after",
      "\nExamples:\n  mcx report result.json\n  mcx report result.json -o report.html --compare baseline.json",
    )
    .action(async (file: string, flags: ReportFlags) => {
      const out = flags.output ?? defaultReportPath(file);
      if (out !== "-") await checkOutPath(out);
      const doc = await loadResultFile(file);
      let compare: ReportOptions["compare"];
      if (flags.compare !== undefined) {
        const other = await loadResultFile(flags.compare);
        compare = { report: compareResults(doc, other, { fdr: flags.fdr }), other, otherName: flags.compare };
      }
      const html = renderReport(doc, {
        source: file,
        generator: `mcx ${mcxVersion()}`,
        ...(compare === undefined ? {} : { compare }),
      });
      if (out === "-") {
        process.stdout.write(html);
        return;
      }
      await writeFileAtomic(out, html);
      process.stdout.write(`wrote ${out} (${Math.ceil(Buffer.byteLength(html) / 1024)} KiB)\n`);
    });
}
