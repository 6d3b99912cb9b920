import { flagError } from "./output/errors.ts";

const INTEGER = /^[+]?\d+$/;

/**
 * Parses a flag value as an integer in [min, max].
 * @throws McxError MCX_FLAG_INVALID naming the flag and the bound
 * @example parseIntFlag("--threads", "2", 1, 1024) // 2
 */
export function parseIntFlag(flag: string, value: string, min: number, max: number): number {
  const n = INTEGER.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw flagError(flag, `${flag} must be ${range} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** A commander argument parser for an integer flag in [min, max]. */
export function intFlag(flag: string, min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => parseIntFlag(flag, value, min, max);
}
