import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { NATS_FLAG_HELP, REDIS_FLAG_HELP, type ServiceFlags, serviceEnv, startErrorReporter } from "./service-flags.ts";

/**
 * `mcx worker`: a BullMQ worker feeding a piscina pool, in this process (its pool threads are threads of this pid,
 * so SIGKILL of it leaves nothing behind and its shards go back to the queue).
 */
export function register(program: Command): void {
  program
    .command("worker")
    .description("run a worker: takes shard jobs from Redis, runs them on a thread pool, publishes summaries to NATS")
    .option("--threads <N>", "pool threads (default: available parallelism)", intFlag("--threads", 1, 1024))
    .option("--concurrency <N>", "shard jobs in flight (default: 2 × threads)", intFlag("--concurrency", 1, 4096))
    .option("--redis <url>", REDIS_FLAG_HELP)
    .option("--nats <url>", NATS_FLAG_HELP)
    .addHelpText(
      "after",
      '\nCredentials: MCX_REDIS_USER/MCX_REDIS_PASSWORD (or in the URL), MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN.\nSIGTERM: stops taking shards, finishes the running ones (or hands them back after MCX_SHUTDOWN_GRACE_MS), exits; at the latest 3 s after the grace period, even when Redis or NATS do not answer.\nEvery setting: the README\'s "Service settings" table.',
    )
    .action(async (options: ServiceFlags & { threads?: number; concurrency?: number }) => {
      const env = serviceEnv(options, {
        MCX_WORKER_THREADS: options.threads === undefined ? undefined : String(options.threads),
        MCX_WORKER_CONCURRENCY: options.concurrency === undefined ? undefined : String(options.concurrency),
      });
      // Loaded here, not at the top: the other commands must not pay for the worker's dependencies.
      const { runWorkerProcess } = await import("@mcx/worker");
      await runWorkerProcess(env, { reportStartError: startErrorReporter("mcx worker") });
    });
}
