import { getEventListeners } from "node:events";
import { setImmediate as tick } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { nextOrAborted } from "../../src/drive/next-or-aborted.ts";

async function* count(n: number): AsyncGenerator<{ i: number; payload: Float64Array }> {
  for (let i = 0; i < n; i++) yield { i, payload: new Float64Array(16) };
}

describe("nextOrAborted", () => {
  it("steps through the iterator and leaves no abort listener behind", async () => {
    const signal = new AbortController().signal;
    const it = count(1000);
    let seen = 0;
    for (;;) {
      const next = await nextOrAborted(it, signal);
      if (next === "aborted" || next.done) break;
      expect(next.value.i).toBe(seen++);
    }
    expect(seen).toBe(1000);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("keeps no step's value alive once the step is consumed", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const signal = new AbortController().signal;
    const it = count(50);
    const refs: WeakRef<object>[] = [];
    for (;;) {
      const next = await nextOrAborted(it, signal);
      if (next === "aborted" || next.done) break;
      refs.push(new WeakRef(next.value));
    }
    await tick();
    gc();
    // Every value but possibly the last (still referenced by this frame's last `next`) has been collected.
    expect(refs.slice(0, -1).filter((r) => r.deref() !== undefined)).toEqual([]);
  });

  it('resolves "aborted" when the signal fires while the step waits, and at once when it already has', async () => {
    const ac = new AbortController();
    const never: AsyncIterator<number> = { next: () => new Promise(() => undefined) };
    const pending = nextOrAborted(never, ac.signal);
    ac.abort();
    await expect(pending).resolves.toBe("aborted");
    await expect(nextOrAborted(never, ac.signal)).resolves.toBe("aborted");
  });

  it("passes the iterator's error on, and works without a signal", async () => {
    const failing: AsyncIterator<number> = { next: () => Promise.reject(new Error("source broke")) };
    const signal = new AbortController().signal;
    await expect(nextOrAborted(failing, signal)).rejects.toThrow("source broke");
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    await expect(nextOrAborted(count(1), undefined)).resolves.toMatchObject({ done: false, value: { i: 0 } });
  });
});
