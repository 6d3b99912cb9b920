import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no whitespace, non-finite numbers as the strings "Infinity", "-Infinity",
 * "NaN", and -0 as 0. Two values with equal canonical JSON are the same statistics bit for bit (finite doubles
 * print with the shortest round-trip representation, so distinct doubles print differently).
 */
export function canonicalJson(value: unknown): string {
  // Written as loops with string concatenation rather than map/entries/join: shard summaries are fingerprinted
  // with it on the merge path, where it was the largest per-shard cost.
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
      return numberJson(value);
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (i > 0) out += ",";
      out += typeof v === "number" ? numberJson(v) : canonicalJson(v);
    }
    return `${out}]`;
  }
  if (ArrayBuffer.isView(value)) return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as comparing the keys with `<`.
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

function numberJson(x: number): string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "0" : String(x);
  return `"${String(x)}"`;
}

/** "sha256:<hex>" of the canonical JSON of a value. */
export function sha256Of(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value)).digest("hex")}`;
}
