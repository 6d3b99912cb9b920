import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no whitespace, non-finite numbers as the strings "Infinity", "-Infinity",
 * "NaN", and -0 as 0. Two values with equal canonical JSON are the same statistics bit for bit (finite doubles
 * print with the shortest round-trip representation, so distinct doubles print differently).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (Number.isFinite(value)) return Object.is(value, -0) ? "0" : JSON.stringify(value);
    return JSON.stringify(String(value));
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (ArrayBuffer.isView(value)) return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
}

/** "sha256:<hex>" of the canonical JSON of a value. */
export function sha256Of(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value)).digest("hex")}`;
}
