import { sizeRun } from "@mcx/runner";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { formatCount, formatNumber } from "../output/format.ts";
import { loadSpecFile } from "../spec-file.ts";
import { MAX_THREADS } from "./run.ts";

interface ValidateOptions {
  readonly threads?: number;
  readonly json?: boolean;
}

/** `mcx validate SPEC`: parse and expand only. */
export function register(program: Command): void {
  program
    .command("validate")
    .description("check a spec and print its points, trials and shards; runs nothing")
    .argument("<spec>", "experiment spec, YAML or JSON")
    .option(
      "--threads <N>",
      "threads to size `shardTrials: auto` for (default: available parallelism)",
      intFlag("--threads", 1, MAX_THREADS),
    )
    .option("--json", "print the figures as JSON")
    .addHelpText("after", "\nExit status 0 when the spec is valid, 2 with one error line when it is not.")
    .action(async (file: string, options: ValidateOptions) => {
      const { spec } = await loadSpecFile(file);
      const { size } = sizeRun(spec, options.threads === undefined ? {} : { threads: options.threads });
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ valid: true, name: spec.name, simulation: spec.simulation, models: spec.models, specHash: spec.specHash, ...size }, null, 2)}\n`,
        );
        return;
      }
      const sizing =
        size.secondsPerTrial === undefined
          ? "shardTrials from the spec"
          : `auto: pilot ${formatNumber(size.secondsPerTrial * 1e6, 3)} µs/trial`;
      const trials = size.adaptive
        ? `adaptive, at most ${formatCount(size.trialsPerPoint)} per point (${formatCount(size.totalTrials)} in all)`
        : `${formatCount(size.trialsPerPoint)} per point (${formatCount(size.totalTrials)} in all)`;
      const rows: [string, string][] = [
        ["name", spec.name],
        ["simulation", spec.simulation],
        ["models", spec.models.join(", ")],
        ["points", formatCount(size.points)],
        ["trials", trials],
        [
          "shards",
          `${formatCount(size.shardCount)} of up to ${formatCount(Math.min(size.shardTrials, size.trialsPerPoint))} trials (${sizing})`,
        ],
        ["specHash", spec.specHash],
      ];
      process.stdout.write(`${file}: valid\n`);
      for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(11)}${v}\n`);
    });
}
