import type { McxError } from "@mcx/core";
import { formatError } from "../output/errors.ts";

/** Service flags that map onto the services' environment variables. */
export interface ServiceFlags {
  readonly redis?: string;
  readonly nats?: string;
}

/** Redis and NATS URL flags of `mcx coordinator` and `mcx worker`, with their help text. */
export const REDIS_FLAG_HELP = "Redis URL, may carry user:password (default: $MCX_REDIS_URL or redis://127.0.0.1:6379)";
export const NATS_FLAG_HELP = "NATS URL(s), comma-separated (default: $MCX_NATS_URL or nats://127.0.0.1:4222)";

/** Environment of a service: this process's, with the flags taking precedence. */
export function serviceEnv(
  flags: ServiceFlags,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (flags.redis !== undefined) env["MCX_REDIS_URL"] = flags.redis;
  if (flags.nats !== undefined) env["MCX_NATS_URL"] = flags.nats;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * How `mcx coordinator` and `mcx worker` report an error that stops the service before it runs (a server that
 * refuses the credentials): the CLI's one-line error on stderr, as every other command. Bad settings never get
 * this far: they are thrown before the service starts, and the CLI prints them with exit 2.
 */
export function startErrorReporter(where: string): (error: McxError) => void {
  return (error) => {
    const verbose = process.argv.includes("--verbose");
    for (const line of formatError(error, { verbose, where })) process.stderr.write(`${line}\n`);
  };
}
