import { McxError, McxErrorCode } from "../errors.ts";
import type { ExactSlot, ShardSummary } from "./shard-task.ts";

// A compact binary form of shard summaries for the hop between a pool thread and the main thread: one Float64Array
// that the thread transfers (no copy) and the main thread reads without JSON; and, as little-endian bytes
// (`summaryBytes`, `decodeSummaryBytes`), for a worker's hop to the coordinator over JetStream. Every field is one double, so values
// come back bit for bit (−0, subnormals, the last digit); counts and indices are integers below 2^53. Layout:
//   TAG, count, then per summary:
//     runId length, its UTF-16 code units, shard, point, blockStart, blockEnd, trials, events,
//     blocks length, the blocks, slot count, per slot:
//       nonFinite, posInf, negInf, min, max (NaN for null: a slot's extremes are finite or null),
//       alpha, zero, pos bins, neg bins, exceed length, then the bins as (index, count) pairs and the exceed counts,
//     pairsSkipped length, pairsSkipped.
// The decoder checks the framing (tag, lengths, bounds, nothing left over); the values are checked, as from any
// transport, by `RunMerger.validate`.

/** First double of an encoding ("MCXS" as a 32-bit integer), so a stray buffer is not read as summaries. */
const TAG = 0x4d435853;

/** The longest run id `ShardSummarySchema` allows: a longer one is not worth spreading into `fromCharCode`. */
const MAX_RUN_ID = 128;

function slotDoubles(slot: ExactSlot): number {
  return 10 + 2 * (slot.sketch.pos.length + slot.sketch.neg.length) + slot.exceed.length;
}

function summaryDoubles(s: ShardSummary): number {
  let n = 1 + s.runId.length + 6 + 1 + s.blocks.length + 1 + 1 + s.exact.pairsSkipped.length;
  for (const slot of s.exact.continuous) n += slotDoubles(slot);
  return n;
}

/**
 * The summaries as one buffer (for `decodeSummaries`), to transfer between threads.
 * @example decodeSummaries(encodeSummaries([s]))[0] // equal to s, field for field
 */
export function encodeSummaries(summaries: readonly ShardSummary[]): Float64Array {
  let size = 2;
  for (const s of summaries) size += summaryDoubles(s);
  const out = new Float64Array(size);
  out[0] = TAG;
  out[1] = summaries.length;
  let at = 2;
  const put = (x: number): void => {
    out[at++] = x;
  };
  const putBins = (bins: readonly (readonly [number, number])[]): void => {
    for (const [index, n] of bins) {
      put(index);
      put(n);
    }
  };
  for (const s of summaries) {
    put(s.runId.length);
    for (let i = 0; i < s.runId.length; i++) put(s.runId.charCodeAt(i));
    put(s.shard);
    put(s.point);
    put(s.blockStart);
    put(s.blockEnd);
    put(s.trials);
    put(s.events);
    put(s.blocks.length);
    out.set(s.blocks, at);
    at += s.blocks.length;
    put(s.exact.continuous.length);
    for (const slot of s.exact.continuous) {
      const { sketch } = slot;
      put(slot.nonFinite);
      put(slot.posInf);
      put(slot.negInf);
      put(slot.min ?? Number.NaN);
      put(slot.max ?? Number.NaN);
      put(sketch.alpha);
      put(sketch.zero);
      put(sketch.pos.length);
      put(sketch.neg.length);
      put(slot.exceed.length);
      putBins(sketch.pos);
      putBins(sketch.neg);
      for (const e of slot.exceed) put(e);
    }
    put(s.exact.pairsSkipped.length);
    for (const p of s.exact.pairsSkipped) put(p);
  }
  return out;
}

/** Reads an encoding front to back; every length is checked against what is left before it is used. */
class Reader {
  private at = 0;
  private readonly data: Float64Array;

  constructor(data: Float64Array) {
    this.data = data;
  }

  bad(what: string): never {
    throw new McxError(McxErrorCode.MESSAGE_INVALID, `binary shard summaries ${what} (at double ${this.at})`);
  }

  next(): number {
    if (this.at >= this.data.length) this.bad("end early");
    return this.data[this.at++]!;
  }

  /** A length of `width` doubles per item, at most what is left. */
  length(width: number): number {
    const n = this.next();
    if (!Number.isInteger(n) || n < 0 || n * width > this.data.length - this.at) this.bad(`have a bad length ${n}`);
    return n;
  }

  /** At least `n` doubles are left. */
  need(n: number): void {
    if (n > this.data.length - this.at) this.bad(`end early (${n} more doubles expected)`);
  }

  numbers(n: number): number[] {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.data[this.at++]!;
    return out;
  }

  bins(n: number): [number, number][] {
    const out = new Array<[number, number]>(n);
    for (let i = 0; i < n; i++) out[i] = [this.data[this.at++]!, this.data[this.at++]!];
    return out;
  }

  get done(): boolean {
    return this.at === this.data.length;
  }
}

function readSlot(r: Reader): ExactSlot {
  const nonFinite = r.next();
  const posInf = r.next();
  const negInf = r.next();
  const min = r.next();
  const max = r.next();
  const alpha = r.next();
  const zero = r.next();
  const posBins = r.length(2);
  const negBins = r.length(2);
  const exceedCount = r.length(1);
  r.need(2 * (posBins + negBins) + exceedCount);
  const pos = r.bins(posBins);
  const neg = r.bins(negBins);
  const exceed = r.numbers(exceedCount);
  return {
    nonFinite,
    posInf,
    negInf,
    min: Number.isNaN(min) ? null : min,
    max: Number.isNaN(max) ? null : max,
    sketch: { alpha, zero, pos, neg },
    exceed,
  };
}

function readSummary(r: Reader): ShardSummary {
  const idLength = r.length(1);
  if (idLength > MAX_RUN_ID) r.bad(`have a run id of ${idLength} characters`);
  const units = r.numbers(idLength);
  if (!units.every((u) => Number.isInteger(u) && u >= 0 && u <= 0xffff)) r.bad("have a run id that is not UTF-16");
  const runId = String.fromCharCode(...units);
  const shard = r.next();
  const point = r.next();
  const blockStart = r.next();
  const blockEnd = r.next();
  const trials = r.next();
  const events = r.next();
  const blocks = r.numbers(r.length(1));
  const slotCount = r.length(10);
  const continuous = new Array<ExactSlot>(slotCount);
  for (let i = 0; i < slotCount; i++) continuous[i] = readSlot(r);
  const pairsSkipped = r.numbers(r.length(1));
  return { runId, shard, point, blockStart, blockEnd, trials, events, blocks, exact: { continuous, pairsSkipped } };
}

/**
 * The summaries of an `encodeSummaries` buffer, as the plain objects `JSON.parse` of their JSON would give (same
 * keys, same order), untrusted until `RunMerger.validate` has checked them.
 * @throws McxError MCX_MESSAGE_INVALID when the buffer is not such an encoding (wrong tag, a length beyond the end,
 *   doubles left over)
 */
export function decodeSummaries(data: Float64Array): ShardSummary[] {
  const r = new Reader(data);
  if (r.next() !== TAG) r.bad("do not start with their tag");
  const count = r.length(1);
  const out = new Array<ShardSummary>(count);
  for (let i = 0; i < count; i++) out[i] = readSummary(r);
  if (!r.done) r.bad("have doubles left over");
  return out;
}

/** Doubles in memory are little-endian here (every platform Node runs on but s390x and ppc64 big-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * An encoding as the bytes to send between processes: its doubles little-endian. On a little-endian host (almost
 * always) a view of the same memory, no copy.
 * @example decodeSummaryBytes(summaryBytes(encodeSummaries([s])))[0] // equal to s, field for field
 */
export function summaryBytes(data: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i]!, true);
  return out;
}

/**
 * The summaries of `summaryBytes` received from another process, wherever the bytes sit in memory (a network
 * buffer need not be aligned to 8 bytes: then they are copied). Untrusted, as `decodeSummaries`'.
 * @throws McxError MCX_MESSAGE_INVALID when the bytes are not a whole number of doubles or not an encoding
 */
export function decodeSummaryBytes(bytes: Uint8Array): ShardSummary[] {
  if (bytes.byteLength % 8 !== 0) {
    throw new McxError(McxErrorCode.MESSAGE_INVALID, `binary shard summaries of ${bytes.byteLength} bytes`);
  }
  const n = bytes.byteLength / 8;
  if (LITTLE_ENDIAN && bytes.byteOffset % 8 === 0)
    return decodeSummaries(new Float64Array(bytes.buffer, bytes.byteOffset, n));
  const data = new Float64Array(n);
  if (LITTLE_ENDIAN) {
    new Uint8Array(data.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) data[i] = view.getFloat64(8 * i, true);
  }
  return decodeSummaries(data);
}
