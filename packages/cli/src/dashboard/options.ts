import { isIP } from "node:net";
import { parseIntFlag } from "../flags.ts";
import { flagError } from "../output/errors.ts";

/** Where the dashboard listens and the token it asks for. */
export interface DashboardOptions {
  readonly host: string;
  readonly port: number;
  /** Required on every request and stream when set; always set when `host` is not a loopback address. */
  readonly token: string | undefined;
}

/** A token shorter than this is refused: it guards cancelling runs from the network. */
export const MIN_TOKEN_CHARS = 16;

/** Whether `host` only accepts connections from this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

/**
 * The dashboard's options from its flags and the environment (`MCX_DASHBOARD_TOKEN`, a flag wins): any host but a
 * loopback address needs a token, so nothing on the network reaches the runs without it.
 * @throws McxError MCX_FLAG_INVALID for a bad port, host or token, or a non-loopback host without a token
 */
export function dashboardOptions(
  flags: { readonly port?: string; readonly host?: string; readonly token?: string },
  env: Readonly<Record<string, string | undefined>>,
): DashboardOptions {
  const port = flags.port === undefined ? 8080 : parseIntFlag("--port", flags.port, 0, 65_535);
  const host = flags.host ?? "127.0.0.1";
  if (host === "" || /[\s/]/.test(host))
    throw flagError("--host", `--host must be a host name or address (got ${JSON.stringify(host)})`);
  const fromEnv = env["MCX_DASHBOARD_TOKEN"];
  const token = flags.token ?? (fromEnv === "" ? undefined : fromEnv);
  if (token !== undefined && token.length < MIN_TOKEN_CHARS) {
    throw flagError(
      "--token",
      `--token must be at least ${MIN_TOKEN_CHARS} characters (got ${token.length})`,
      "generate one with `openssl rand -hex 16`",
    );
  }
  if (token === undefined && !isLoopback(host)) {
    throw flagError(
      "--host",
      `--host ${host} is reachable from the network: a token is required (got none)`,
      "pass --token or set MCX_DASHBOARD_TOKEN (e.g. `openssl rand -hex 16`), or bind to 127.0.0.1",
    );
  }
  return { host, port, token };
}
