import { createHash, type Hash } from "node:crypto";

// Type tags of the encoding: every value starts with one, strings and containers carry their length, so the
// encoding is prefix-free and two values encode alike only when they are equal.
const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;
/** An array of numbers only: one tag and length, then the doubles. */
const NUMBERS = 7;

const CHUNK = 64 * 1024;
const SCRATCH_DOUBLES = 8 * 1024;
/** Arrays of numbers at least this long skip the byte buffer (one hash update each is worth it). */
const LONG_ARRAY = 256;

/** Writes the canonical binary encoding of a value into a hash, a chunk at a time. */
class Encoder {
  private readonly bytes = new Uint8Array(CHUNK);
  private readonly view = new DataView(this.bytes.buffer);
  private readonly scratch = new Float64Array(SCRATCH_DOUBLES);
  private at = 0;
  private hash: Hash | undefined;

  /** Starts an encoding into `hash`. */
  begin(hash: Hash): void {
    this.hash = hash;
    this.at = 0;
  }

  private room(n: number): void {
    if (this.at + n > CHUNK) this.flush();
  }

  flush(): void {
    if (this.at > 0) this.hash!.update(this.bytes.subarray(0, this.at));
    this.at = 0;
  }

  private tag(t: number, length?: number): void {
    this.room(5);
    this.bytes[this.at++] = t;
    if (length !== undefined) {
      this.view.setUint32(this.at, length, true);
      this.at += 4;
    }
  }

  private double(x: number): void {
    this.room(8);
    // -0 is 0, and every NaN is the one NaN: the same conventions as canonicalJson.
    this.view.setFloat64(this.at, x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x, true);
    this.at += 8;
  }

  /** Many doubles at once: copied into an aligned scratch array and hashed from there (little-endian platforms). */
  private doubles(a: ArrayLike<number>): void {
    this.flush();
    for (let from = 0; from < a.length; from += SCRATCH_DOUBLES) {
      const n = Math.min(SCRATCH_DOUBLES, a.length - from);
      for (let i = 0; i < n; i++) {
        const x = a[from + i]!;
        this.scratch[i] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
      }
      this.hash!.update(new Uint8Array(this.scratch.buffer, 0, n * 8));
    }
  }

  private string(s: string): void {
    this.tag(STRING, s.length);
    for (let i = 0; i < s.length; i++) {
      this.room(2);
      this.view.setUint16(this.at, s.charCodeAt(i), true);
      this.at += 2;
    }
  }

  value(v: unknown): void {
    if (v === null || v === undefined) {
      this.tag(NULL);
      return;
    }
    switch (typeof v) {
      case "number":
        this.tag(NUMBER);
        this.double(v);
        return;
      case "string":
        this.string(v);
        return;
      case "boolean":
        this.tag(v ? TRUE : FALSE);
        return;
      case "object":
        break;
      default:
        throw new TypeError(`fingerprint: cannot encode a ${typeof v}`);
    }
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      this.array(v as ArrayLike<unknown>);
      return;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    this.tag(OBJECT, keys.length);
    for (const k of keys) {
      this.string(k);
      this.value(record[k]);
    }
  }

  /** The header of an object of `keys` members; the caller then writes each `key` and value in sorted key order. */
  objectHeader(keys: number): void {
    this.tag(OBJECT, keys);
  }

  key(name: string): void {
    this.string(name);
  }

  /** An array of `length` values, each written next by the caller. */
  arrayHeader(length: number): void {
    this.tag(ARRAY, length);
  }

  /** A number, as `value(x)` writes it. */
  number(x: number): void {
    this.tag(NUMBER);
    this.double(x);
  }

  /** `[a, b]` of two numbers, as `value([a, b])` writes it. */
  pair(a: number, b: number): void {
    this.tag(NUMBERS, 2);
    this.double(a);
    this.double(b);
  }

  private array(a: ArrayLike<unknown>): void {
    let numbers = true;
    for (let i = 0; i < a.length && numbers; i++) numbers = typeof a[i] === "number";
    if (numbers) {
      this.tag(NUMBERS, a.length);
      if (a.length >= LONG_ARRAY) this.doubles(a as ArrayLike<number>);
      else for (let i = 0; i < a.length; i++) this.double(a[i] as number);
      return;
    }
    this.tag(ARRAY, a.length);
    for (let i = 0; i < a.length; i++) this.value(a[i]);
  }
}

/**
 * SHA-256 (hex) of a JSON-like value's canonical binary encoding: object keys sorted, undefined members skipped,
 * numbers as IEEE doubles (-0 as 0). Two values have the same fingerprint exactly when their canonical JSON is the
 * same, but no number is printed: on a shard summary of thousands of doubles it is several times faster.
 * @example valueFingerprint({ b: [1, 2], a: "x" }) === valueFingerprint({ a: "x", b: [1, 2] }) // → true
 */
export function valueFingerprint(value: unknown): string {
  const hash = createHash("sha256");
  encoder.begin(hash);
  encoder.value(value);
  encoder.flush();
  return hash.digest("hex");
}

/** What {@link fingerprintOf} hands its writer: the canonical encoding's primitives, in the order the caller gives. */
export type CanonicalEncoder = Pick<Encoder, "value" | "objectHeader" | "key" | "arrayHeader" | "number" | "pair">;

/**
 * SHA-256 (hex) of the canonical encoding that `write` produces: the same as {@link valueFingerprint} of a value when
 * `write` encodes that value as `value()` would (keys in sorted order, undefined members left out). For a value of a
 * known shape, written field by field, this skips listing and sorting the keys of every object.
 */
export function fingerprintOf(write: (e: CanonicalEncoder) => void): string {
  const hash = createHash("sha256");
  encoder.begin(hash);
  write(encoder);
  encoder.flush();
  return hash.digest("hex");
}

// One encoder, its buffers reused by every call (encoding is synchronous): a fingerprint per delivered summary
// must not allocate 128 KiB of buffers each time.
const encoder = new Encoder();
