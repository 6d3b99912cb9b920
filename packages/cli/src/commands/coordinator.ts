import type { Command } from "commander";
import { NATS_FLAG_HELP, REDIS_FLAG_HELP, type ServiceFlags, serviceEnv, startErrorReporter } from "./service-flags.ts";

/**
 * `mcx coordinator`: the long-running coordinator service, in this process (no child process: the pid the user
 * started is the service, so a signal or SIGKILL of it reaches the service itself).
 */
export function register(program: Command): void {
  program
    .command("coordinator")
    .description("run the coordinator service (NATS API, planning, merging, run state); resumes unfinished runs")
    .option("--redis <url>", REDIS_FLAG_HELP)
    .option("--nats <url>", NATS_FLAG_HELP)
    .addHelpText(
      "after",
      '\nCredentials: MCX_REDIS_USER/MCX_REDIS_PASSWORD (or in the URL), MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN.\nLogs are JSON lines (pino) on stdout. SIGTERM stops it gracefully within MCX_SHUTDOWN_GRACE_MS (+ 3 s at most, even when Redis or NATS do not answer); runs resume on the next start.\nSeveral may run: the one holding the Redis lease is active, the others wait as standbys and take over.\nEvery setting: the README\'s "Service settings" table.',
    )
    .action(async (options: ServiceFlags) => {
      // Loaded here, not at the top: the other commands must not pay for the service's dependencies.
      const { runCoordinatorProcess } = await import("@mcx/coordinator");
      await runCoordinatorProcess(serviceEnv(options), { reportStartError: startErrorReporter("mcx coordinator") });
    });
}
