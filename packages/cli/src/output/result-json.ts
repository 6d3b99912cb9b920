import type { ResultDocument } from "@mcx/core";

/**
 * The result document as pretty JSON, non-finite numbers written as the strings "Infinity", "-Infinity" and
 * "NaN" (the convention of `mcx-result/1`; plain JSON would turn them into null).
 */
export function toResultJson(doc: ResultDocument): string {
  return `${JSON.stringify(doc, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? String(value) : value), 2)}\n`;
}
