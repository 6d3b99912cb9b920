import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { runService, type ServiceFlags, serviceEntry, serviceEnv } from "./coordinator.ts";

/** `mcx worker`: a BullMQ worker feeding a piscina pool. */
export function register(program: Command): void {
  program
    .command("worker")
    .description("run a worker: takes shard jobs from Redis, runs them on a thread pool, publishes summaries to NATS")
    .option("--threads <N>", "pool threads (default: available parallelism)", intFlag("--threads", 1, 1024))
    .option("--concurrency <N>", "shard jobs in flight (default: 2 × threads)", intFlag("--concurrency", 1, 4096))
    .option("--redis <url>", "Redis URL, may carry user:password (default: $MCX_REDIS_URL or redis://127.0.0.1:6379)")
    .option("--nats <url>", "NATS URL(s), comma-separated (default: $MCX_NATS_URL or nats://127.0.0.1:4222)")
    .addHelpText(
      "after",
      '\nCredentials: MCX_REDIS_USER/MCX_REDIS_PASSWORD (or in the URL), MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN.\nSIGTERM: stops taking shards, finishes the running ones (or hands them back after MCX_SHUTDOWN_GRACE_MS), exits.\nEvery setting: the README\'s "Service settings" table.',
    )
    .action(async (options: ServiceFlags & { threads?: number; concurrency?: number }) => {
      const env = serviceEnv(options, {
        MCX_WORKER_THREADS: options.threads === undefined ? undefined : String(options.threads),
        MCX_WORKER_CONCURRENCY: options.concurrency === undefined ? undefined : String(options.concurrency),
      });
      await runService(serviceEntry("worker"), env, "worker");
    });
}
