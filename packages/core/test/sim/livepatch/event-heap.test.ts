import { describe, expect, it } from "vitest";
import { createEventHeap, sharedEventHeap } from "../../../src/sim/livepatch/event-heap.ts";

// A small LCG so the reference test needs no RNG module: x ← (a·x + c) mod 2^32 (Numerical Recipes constants).
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

describe("event heap", () => {
  it("pops items in key order (heap sort of random keys)", () => {
    const rnd = lcg(7);
    const h = createEventHeap(1000);
    const keys = Array.from({ length: 1000 }, () => rnd());
    keys.forEach((k, i) => {
      h.push(i, k);
    });
    const out: number[] = [];
    while (h.size() > 0) {
      const k = h.peekKey();
      expect(k).toBe(keys[h.pop()]);
      out.push(k);
    }
    expect(out).toEqual([...keys].sort((a, b) => a - b));
    expect(h.peekKey()).toBe(Number.POSITIVE_INFINITY);
  });

  it("matches a naive reference under random push / set / offer / remove / pop", () => {
    const rnd = lcg(11);
    const cap = 64;
    const h = createEventHeap(cap);
    const ref = new Map<number, number>();
    for (let step = 0; step < 50_000; step++) {
      const op = rnd();
      const item = Math.floor(rnd() * cap);
      const key = Math.floor(rnd() * 1000) / 10; // ties on purpose
      if (op < 0.3) {
        h.set(item, key);
        ref.set(item, key);
      } else if (op < 0.5) {
        h.offer(item, key);
        ref.set(item, Math.min(ref.get(item) ?? Number.POSITIVE_INFINITY, key));
      } else if (op < 0.65) {
        h.remove(item);
        ref.delete(item);
      } else if (op < 0.8 && ref.size > 0) {
        const min = Math.min(...ref.values());
        expect(h.peekKey()).toBe(min);
        const got = h.pop();
        expect(ref.get(got)).toBe(min);
        ref.delete(got);
      } else if (!ref.has(item)) {
        h.push(item, key);
        ref.set(item, key);
      }
      expect(h.size()).toBe(ref.size);
      expect(h.has(item)).toBe(ref.has(item));
      expect(h.keyOf(item)).toBe(ref.get(item) ?? Number.POSITIVE_INFINITY);
    }
  });

  it("clear() empties it and forgets every item; ±Infinity keys are allowed", () => {
    const h = createEventHeap(4);
    h.push(0, Number.POSITIVE_INFINITY);
    h.push(1, Number.NEGATIVE_INFINITY);
    h.push(2, 3);
    expect(h.pop()).toBe(1);
    h.clear();
    expect(h.size()).toBe(0);
    for (let i = 0; i < 4; i++) expect(h.has(i)).toBe(false);
    h.push(3, 1);
    expect(h.pop()).toBe(3);
  });

  it("shares one heap between kernels, replaced by a larger one when a kernel needs more", () => {
    const a = sharedEventHeap(10);
    expect(sharedEventHeap(5)).toBe(a);
    expect(a.capacity).toBeGreaterThanOrEqual(10);
    const b = sharedEventHeap(a.capacity + 1);
    expect(b).not.toBe(a);
    expect(b.capacity).toBeGreaterThanOrEqual(a.capacity + 1);
    expect(sharedEventHeap(10)).toBe(b);
  });
});
