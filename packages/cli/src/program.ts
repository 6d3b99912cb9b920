import { readFileSync } from "node:fs";
import { McxError, McxErrorCode } from "@mcx/core";
import { Command, CommanderError } from "commander";
import { register as registerAudit } from "./commands/audit.ts";
import { register as registerCancel } from "./commands/cancel.ts";
import { register as registerCompare } from "./commands/compare.ts";
import { register as registerCoordinator } from "./commands/coordinator.ts";
import { register as registerExtend } from "./commands/extend.ts";
import { register as registerModels } from "./commands/models.ts";
import { register as registerReport } from "./commands/report.ts";
import { register as registerResults } from "./commands/results.ts";
import { register as registerRng } from "./commands/rng.ts";
import { register as registerRun } from "./commands/run.ts";
import { register as registerSchedule } from "./commands/schedule.ts";
import { register as registerStatus } from "./commands/status.ts";
import { register as registerSubmit } from "./commands/submit.ts";
import { register as registerValidate } from "./commands/validate.ts";
import { register as registerWatch } from "./commands/watch.ts";
import { register as registerWorker } from "./commands/worker.ts";
import { exitStatusOf, formatError, locate } from "./output/errors.ts";

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The `mcx` command tree. Errors are thrown (never printed or exited here): {@link runCli} reports them. */
export function createProgram(): Command {
  const program = new Command("mcx")
    .description("mcx: a distributed Monte Carlo experiment runner (embedded, or on BullMQ/Redis + NATS JetStream)")
    .version(version(), "-V, --version", "print the mcx version")
    .option("--verbose", "print the stack of an error (and its causes)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    // Commander's own messages become McxErrors in runCli, printed in the one-line error format.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .addHelpText(
      "after",
      "\nExit status: 0 success, 1 runtime failure, 2 bad input (spec, flags, file), 3 compare found a difference.\nErrors: docs/errors.md",
    );
  // In the order `mcx --help` lists them: local runs, cluster runs, results, services, tools.
  registerRun(program);
  registerValidate(program);
  registerModels(program);
  registerSubmit(program);
  registerStatus(program);
  registerWatch(program);
  registerResults(program);
  registerCancel(program);
  registerSchedule(program);
  registerCompare(program);
  registerReport(program);
  registerExtend(program);
  registerAudit(program);
  registerCoordinator(program);
  registerWorker(program);
  registerRng(program);
  return program;
}

function commandOf(program: Command, argv: readonly string[]): string {
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  return name !== undefined && names.has(name) ? `mcx ${name}` : "mcx";
}

/** Turns commander's parse errors ("error: unknown option '--x'\n(Did you mean --y?)") into MCX_FLAG_INVALID. */
function fromCommander(e: CommanderError, where: string): McxError {
  const [first = e.message, ...rest] = e.message.split("\n");
  const what = first.replace(/^error: /, "");
  const suggestion = rest
    .join(" ")
    .trim()
    .replace(/^\((.*)\)$/, "$1");
  const hint = suggestion !== "" ? suggestion : `see \`${where} --help\``;
  return locate(new McxError(McxErrorCode.FLAG_INVALID, what, { cause: e, hint }), where);
}

/**
 * Runs `mcx` with `argv` (as in `process.argv`) and returns the exit status. Every error is printed as one
 * `error[MCX_…]: <what> (<where>)` line on stderr, a `hint:` line when known, and the stack with `--verbose`.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  const where = commandOf(program, argv);
  const verbose = argv.includes("--verbose");
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (caught) {
    let e = caught;
    if (caught instanceof CommanderError) {
      if (caught.code === "commander.helpDisplayed" || caught.code === "commander.version") return 0;
      // `mcx` alone prints the help on stderr: a usage error.
      if (caught.code === "commander.help" || caught.code === "commander.executeSubCommandAsync") return 2;
      e = fromCommander(caught, where);
    }
    for (const line of formatError(e, { verbose, where })) process.stderr.write(`${line}\n`);
    return exitStatusOf(e);
  }
}
