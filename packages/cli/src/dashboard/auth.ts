import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isLoopback } from "./options.ts";

/** The session cookie: a keyed hash of the token, so the token itself never goes back to the browser. */
export const SESSION_COOKIE = "mcx_dashboard";

/** Who may use the dashboard: everybody on a loopback bind without a token, else holders of the token. */
export interface Guard {
  /** A token is required (set, or the bind is not loopback). */
  readonly required: boolean;
  /** Whether the request carries the token (`Authorization: Bearer …`) or the session cookie. */
  allows(request: FastifyRequest): boolean;
  /** Whether `token` is the dashboard's token (constant time). */
  matches(token: string): boolean;
  /** The session cookie's value for a browser that showed the token. */
  readonly session: string;
  /**
   * Why the request is refused before authentication, if it is: a Host header that is not this dashboard's (DNS
   * rebinding onto a loopback bind), or a state-changing request from another origin (CSRF).
   */
  refusal(request: FastifyRequest): string | undefined;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export function createGuard(options: { readonly token: string | undefined; readonly host: string }): Guard {
  const { token } = options;
  const loopback = isLoopback(options.host);
  const expected = token === undefined ? undefined : digest(token);
  const session =
    token === undefined ? "" : createHmac("sha256", token).update("mcx-dashboard-session/1").digest("base64url");
  const matches = (t: string) => expected !== undefined && timingSafeEqual(digest(t), expected);
  return {
    required: token !== undefined,
    session,
    matches,
    allows(request) {
      if (token === undefined) return true;
      const auth = request.headers.authorization;
      if (auth?.startsWith("Bearer ") && matches(auth.slice(7))) return true;
      const cookie = (request.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
      return cookie !== undefined && timingSafeEqual(digest(cookie), digest(session));
    },
    refusal(request) {
      const host = request.headers.host ?? "";
      // Without a token a loopback bind trusts the machine; only names of this machine may reach it.
      if (loopback && token === undefined && !isLoopback(host.replace(/:\d+$/, "")))
        return `host ${host} is not this machine`;
      if (request.method !== "GET" && request.method !== "HEAD") {
        const origin = request.headers.origin;
        if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`)
          return `origin ${origin} is not this dashboard`;
        const site = request.headers["sec-fetch-site"];
        if (site !== undefined && site !== "same-origin" && site !== "none") return `a ${site} request`;
      }
      return undefined;
    },
  };
}

/** Refuses a request with a JSON error body (API) and the status. */
export function refuse(reply: FastifyReply, status: 401 | 403, message: string): FastifyReply {
  return reply.code(status).header("cache-control", "no-store").send({ error: { status, message } });
}
