import { describe, expect, it } from "vitest";
import { createChannel } from "../../src/drive/channel.ts";

describe("channel", () => {
  it("delivers in order, counts what waits, and ends after close with what was pushed", async () => {
    const ch = createChannel<number>();
    for (let i = 0; i < 5; i++) ch.push(i);
    expect(ch.size).toBe(5);
    ch.close();
    ch.push(99);
    const out: number[] = [];
    for await (const v of ch) out.push(v);
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(ch.size).toBe(0);
  });

  it("drained(n) resolves once fewer than n values wait, or at close", async () => {
    const ch = createChannel<number>();
    await expect(ch.drained(1)).resolves.toBeUndefined();
    for (let i = 0; i < 4; i++) ch.push(i);
    const order: string[] = [];
    void ch.drained(2).then(() => order.push("below 2"));
    void ch.drained(100).then(() => order.push("below 100"));
    const it = ch[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    await Promise.resolve();
    expect(order).toEqual(["below 100"]);
    await it.next();
    await Promise.resolve();
    expect(order).toEqual(["below 100", "below 2"]);
    const late = ch.drained(1);
    ch.close();
    await expect(late).resolves.toBeUndefined();
  });
});
