// How the CLI reaches the coordinator: NATS servers and credentials, from flags and the environment.

/** How to reach the coordinator (over NATS). */
export interface ClientOptions {
  /**
   * NATS server URLs.
   * @defaultValue `["nats://127.0.0.1:4222"]`
   */
  readonly servers?: readonly string[];
  readonly user?: string;
  readonly password?: string;
  /** Token authentication; wins over user/password. */
  readonly token?: string;
  /**
   * How long one request waits for the coordinator's reply.
   * @defaultValue 30000
   */
  readonly timeoutMs?: number;
}

/**
 * Client options from flags and the environment (`MCX_NATS_URL` — comma-separated — `MCX_NATS_USER`,
 * `MCX_NATS_PASSWORD`, `MCX_NATS_TOKEN`); a flag wins over its variable. Empty values count as unset.
 * @example clientOptionsFromEnv({ MCX_NATS_URL: "nats://a:4222,nats://b:4222" }).servers // → ["nats://a:4222", "nats://b:4222"]
 */
export function clientOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  flags: { readonly nats?: string | undefined; readonly timeoutMs?: number | undefined } = {},
): ClientOptions {
  const pick = (v: string | undefined): string | undefined => (v === undefined || v === "" ? undefined : v);
  const url = pick(flags.nats) ?? pick(env["MCX_NATS_URL"]) ?? "nats://127.0.0.1:4222";
  const user = pick(env["MCX_NATS_USER"]);
  const password = pick(env["MCX_NATS_PASSWORD"]);
  const token = pick(env["MCX_NATS_TOKEN"]);
  return {
    servers: url
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(token === undefined ? {} : { token }),
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
  };
}
