import { readFileSync } from "node:fs";
import { Command, CommanderError, Help } from "commander";
import { COMMANDS, type CommandEntry } from "./command-index.ts";

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/**
 * The command `argv` names (`mcx run …`, `mcx help run`), if it is one of {@link COMMANDS}. Global options take no
 * value, so the first word that is not an option is the command.
 */
function namedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The `mcx` command tree. Only the command `argv` names is loaded and registered in full; the others are listed by
 * name, usage and description (all `mcx --help` shows), so no command pays for loading another's code. `all` loads
 * every command (tests). Errors are thrown (never printed or exited here): {@link runCli} reports them.
 */
export async function createProgram(
  argv: readonly string[] = [],
  options: { readonly all?: boolean } = {},
): Promise<Command> {
  const program: Command = new Command("mcx")
    .description("mcx: a distributed Monte Carlo experiment runner (embedded, or on BullMQ/Redis + NATS JetStream)")
    .version(version(), "-V, --version", "print the mcx version")
    .option("--verbose", "print the stack of an error (and its causes)")
    .configureHelp({
      showGlobalOptions: true,
      sortSubcommands: false,
      // A listed command that was not loaded has no options or arguments yet: print the usage it declares.
      subcommandTerm(cmd: Command): string {
        const entry: CommandEntry | undefined =
          cmd.parent === program ? COMMANDS.find((c) => c.name === cmd.name()) : undefined;
        if (entry === undefined || cmd.options.length > 0) return Help.prototype.subcommandTerm.call(this, cmd);
        return entry.usage === "" ? entry.name : `${entry.name} ${entry.usage}`;
      },
    })
    .showSuggestionAfterError(true)
    // Commander's own messages become McxErrors in runCli, printed in the one-line error format.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .addHelpText(
      "after",
      "\nExit status: 0 success, 1 runtime failure, 2 bad input (spec, flags, file), 3 compare found a difference.\nErrors: docs/errors.md",
    );
  const named = namedCommand(argv);
  for (const entry of COMMANDS) {
    if (options.all || entry === named) (await entry.load()).register(program);
    else program.command(entry.name).description(entry.description);
  }
  return program;
}

function commandOf(program: Command, argv: readonly string[]): string {
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  return name !== undefined && names.has(name) ? `mcx ${name}` : "mcx";
}

/** Turns commander's parse errors ("error: unknown option '--x'\n(Did you mean --y?)") into MCX_FLAG_INVALID. */
async function fromCommander(e: CommanderError, where: string): Promise<Error> {
  const [{ McxError, McxErrorCode }, { locate }] = await Promise.all([
    import("@mcx/core/errors"),
    import("./output/errors.ts"),
  ]);
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
  const program = await createProgram(argv);
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
      e = await fromCommander(caught, where);
    }
    // Loaded only now: the error format needs @mcx/core's error classes, which a successful `--help` never does.
    const { exitStatusOf, formatError } = await import("./output/errors.ts");
    for (const line of formatError(e, { verbose, where })) process.stderr.write(`${line}\n`);
    return exitStatusOf(e);
  }
}
