/**
 * A number as stored in mcx's JSON: finite numbers as themselves, and the values JSON cannot hold as strings
 * ("NaN", "Infinity", "-Infinity", and "-0", since `JSON.stringify(-0)` is "0").
 */
export type JsonNumber = number | "NaN" | "Infinity" | "-Infinity" | "-0";

/**
 * Encodes a number for JSON losslessly: finite non-negative-zero numbers pass through, NaN, ±Infinity and −0
 * become the strings "NaN", "Infinity", "-Infinity" and "-0".
 *
 * @example encodeJsonNumber(Number.POSITIVE_INFINITY) // "Infinity"
 */
export function encodeJsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : x;
  if (Number.isNaN(x)) return "NaN";
  return x > 0 ? "Infinity" : "-Infinity";
}

/**
 * Inverse of `encodeJsonNumber`: `decodeJsonNumber(encodeJsonNumber(x))` is `Object.is`-equal to x.
 *
 * @throws {TypeError} when `value` is neither a finite number nor one of the four strings; `path` names it.
 */
export function decodeJsonNumber(value: unknown, path = "value"): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  switch (value) {
    case "NaN":
      return Number.NaN;
    case "Infinity":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
      return Number.NEGATIVE_INFINITY;
    case "-0":
      return -0;
    default:
      throw new TypeError(
        `${path} must be a finite number or "NaN", "Infinity", "-Infinity", "-0" (got ${JSON.stringify(value)})`,
      );
  }
}

/** @throws {TypeError} unless `value` is a non-negative safe integer (a count); `path` names it. */
export function checkCount(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${path} must be a non-negative integer (got ${JSON.stringify(value)})`);
  }
  return value;
}
