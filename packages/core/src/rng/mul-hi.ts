/**
 * High 32 bits of the 64-bit product of two uint32 values.
 *
 * Algorithm: schoolbook multiplication on 16-bit halves; every partial product is below 2^32 and every
 * sum below 2^53, so the double arithmetic is exact. The low word is `Math.imul(a, b) >>> 0`.
 * Edge contract: inputs are taken modulo 2^32 (as by `>>> 0`); the result is a uint32.
 *
 * @example mulHi32(0xffffffff, 0xffffffff) // 0xfffffffe
 */
export function mulHi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const mid = ((aLo * bLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aHi * bHi + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}
