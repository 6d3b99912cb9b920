import type { z } from "zod";
import { McxErrorCode, SpecError } from "../errors.ts";
import { didYouMeanSuffix } from "./did-you-mean.ts";

/** Renders a value for an error message: short, JSON-like, never multi-line. */
export function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Joins a path: ["params", "kpatch", "retryInterval"] → "params.kpatch.retryInterval", array indexes as [i]. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

function describeType(expected: string): string {
  if (expected === "int") return "an integer";
  if (/^[aeiou]/.test(expected)) return `an ${expected}`;
  return `a ${expected}`;
}

function constraint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `must be ${describeType(issue.expected)}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array") return `must have at least ${min} item${min === 1 ? "" : "s"}`;
      if (issue.origin === "string") return `must not be empty`;
      if (min === 0 && issue.inclusive === false) return "must be positive";
      return `must be ${issue.inclusive ? "≥" : ">"} ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array") return `must have at most ${max} items`;
      if (issue.origin === "string") return `must be at most ${max} characters`;
      return `must be ${issue.inclusive ? "≤" : "<"} ${max}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return issue.message.startsWith("must") ? issue.message : `must match ${issue.format}`;
    case "invalid_union":
      return "must match one of the allowed forms";
    default:
      return issue.message.startsWith("must") || issue.message.startsWith("is ")
        ? issue.message
        : `is invalid: ${issue.message}`;
  }
}

/**
 * Turns the first zod issue into a SpecError whose message reads `<path> must be <constraint> (got <value>)`.
 * Unknown keys become `<path>.<key> is not a known key; did you mean "…"?`.
 * @param prefix path of the validated object inside the spec ("spec", "spec.params" …)
 * @param knownKeys for unknown-key issues: the keys allowed at that path
 */
export function specErrorFromZod(
  error: z.ZodError,
  input: unknown,
  prefix: string,
  knownKeys?: (path: readonly PropertyKey[]) => readonly string[],
  suffix = "",
): SpecError {
  const issue = error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const where = joinPath(prefix, [...issue.path, key]);
    const hint = knownKeys ? didYouMeanSuffix(key, knownKeys(issue.path)) : "";
    return new SpecError(McxErrorCode.SPEC_INVALID, where, `${where} is not a known key${hint}${suffix}`);
  }
  const where = joinPath(prefix, issue.path);
  const got = valueAt(input, issue.path);
  return new SpecError(
    McxErrorCode.SPEC_INVALID,
    where,
    `${where} ${constraint(issue)} (got ${showValue(got)})${suffix}`,
  );
}
