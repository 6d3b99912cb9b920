import type { Command } from "commander";
import { formatCount } from "../output/format.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

/** `mcx cancel RUN`: stops a cluster run; its result keeps what was merged (status `cancelled`). */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("cancel")
      .description("cancel a cluster run; the result keeps the trials merged so far (status cancelled)")
      .argument("<run>", "run id"),
  ).action(async (runId: string, options: ConnectionFlags) => {
    const run = await withClient(options, (client) => client.cancel(runId));
    process.stdout.write(`${run.runId} ${run.status} after ${formatCount(run.trialsDone)} trials\n`);
  });
}
