import type { Command } from "commander";
import { formatCount } from "../output/format.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

/**
 * `mcx retry RUN`: a run that failed because shards failed for good (a simulation error since fixed, a worker
 * build that rejected them) runs them again; what it merged before is kept, so it ends as an undisturbed run would.
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("retry")
      .description("run a failed run's dead-lettered shards again, once the cause is fixed; the run goes on from there")
      .argument("<run>", "run id"),
  ).action(async (runId: string, options: ConnectionFlags) => {
    const run = await withClient(options, (client) => client.retry(runId));
    process.stdout.write(
      `${run.runId} ${run.status} again (retry ${run.retried ?? 1}): ${formatCount(run.shardsDone)} of ${formatCount(run.shardsPlanned)} shards merged; follow it with \`mcx watch ${run.runId}\`\n`,
    );
  });
}
