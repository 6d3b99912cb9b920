import { philox4x32_10 } from "./philox.ts";
import { PHILOX_WASM } from "./philox-wasm.ts";

// The slice of the WebAssembly JS API used here (tsconfig has no DOM lib and @types/node 20 does not declare it).
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
/** The module's `philoxBatch` export (philox.wat): `fill`'s parameters and effect, without the range check. */
type PhiloxBatchFn = PhiloxRecords["fill"];

const PAGE_BYTES = 65536;

// undefined = not compiled yet (compiled on first use, so importing core compiles nothing); null = unavailable.
let compiled: { readonly api: WasmApi; readonly module: object } | null | undefined;

function wasmModule(): { readonly api: WasmApi; readonly module: object } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api !== undefined) {
    try {
      // Synchronous compile of a 0.7 KB module (≈ 0.1 ms), once per thread.
      compiled = { api, module: new api.Module(PHILOX_WASM) };
    } catch {
      // A runtime without WebAssembly SIMD: the pure-TS path gives the same words, only slower.
    }
  }
  return compiled;
}

/**
 * Which implementation `createPhiloxRecords` uses in this thread: `"wasm"` (WebAssembly SIMD, `philox.wat`) or
 * `"js"` (the reference `philox4x32_10`, where WebAssembly is unavailable, e.g. `node --jitless`). Both write
 * identical words.
 */
export function philoxBackend(): "wasm" | "js" {
  return wasmModule() === null ? "js" : "wasm";
}

/**
 * A buffer of `capacity` Philox4x32-10 output records (4 uint32 words each) that `fill` computes in place; see
 * `createPhiloxRecords`.
 */
export interface PhiloxRecords {
  /** Record r is `words[4r .. 4r + 3]`; length 4 × capacity. The view stays valid for the buffer's lifetime. */
  readonly words: Uint32Array;
  readonly capacity: number;
  /**
   * For j in [0, n): record `at + j` ← `philox4x32_10(c0, c1, c2, c3 + j, k0, k1)`, with c3 + j taken modulo
   * 2^32. Writes no other record.
   *
   * @throws {RangeError} unless `at` and `n` are non-negative integers with at + n ≤ capacity.
   */
  fill(at: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, n: number): void;
}

/**
 * A `PhiloxRecords` buffer: Philox4x32-10 of many consecutive counters per call, written where the caller reads
 * them (no copy).
 *
 * Algorithm: Philox4x32-10 (Salmon et al. 2011; see `philox4x32_10`, the reference, which this matches bit for
 * bit) in WebAssembly, four counters per SIMD step (`philox.wat`); the words live in the instance's own memory,
 * which `words` views. About 6 ns per record in V8 after tier-up (JS→WebAssembly call ≈ 30 ns), against
 * about 55 ns for `philox4x32_10`. Where WebAssembly is unavailable (`philoxBackend()` is `"js"`) `fill` runs
 * `philox4x32_10` per record. Allocates only here (at least one 64 KiB page with WebAssembly); `fill` allocates
 * nothing.
 *
 * Edge contract: counter and key words are taken modulo 2^32 (as by `>>> 0`).
 *
 * @throws {RangeError} when `capacity` is not a positive integer below 2^24.
 * @example
 * const r = createPhiloxRecords(2);
 * r.fill(0, 0, 0, 0, 0, 0, 0, 2); // r.words[0..3] = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function createPhiloxRecords(capacity: number): PhiloxRecords {
  checkCapacity(capacity);
  const wasm = wasmModule();
  if (wasm === null) return new JsPhiloxRecords(capacity);
  const memory = new wasm.api.Memory({ initial: Math.ceil((16 * capacity) / PAGE_BYTES) });
  const { philoxBatch } = new wasm.api.Instance(wasm.module, { mcx: { memory } }).exports as {
    philoxBatch: PhiloxBatchFn;
  };
  return new WasmPhiloxRecords(capacity, new Uint32Array(memory.buffer, 0, 4 * capacity), philoxBatch);
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity >= 2 ** 24) {
    throw new RangeError(`capacity must be an integer in [1, 2^24) (got ${capacity})`);
  }
}

function checkRange(at: number, n: number, capacity: number): void {
  if (!(Number.isInteger(at) && Number.isInteger(n) && at >= 0 && n >= 0 && at + n <= capacity)) {
    throw new RangeError(`records [at, at + n) must lie in [0, ${capacity}) (got at = ${at}, n = ${n})`);
  }
}

class WasmPhiloxRecords implements PhiloxRecords {
  declare readonly capacity: number;
  declare readonly words: Uint32Array;
  declare private readonly batch: PhiloxBatchFn;

  constructor(capacity: number, words: Uint32Array, batch: PhiloxBatchFn) {
    this.capacity = capacity;
    this.words = words;
    this.batch = batch;
  }

  fill(at: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, n: number): void {
    checkRange(at, n, this.capacity);
    // The module never grows its memory, so `words` stays attached. WebAssembly takes i32 arguments by ToInt32,
    // the same residue modulo 2^32 as `>>> 0`.
    this.batch(at, c0, c1, c2, c3, k0, k1, n);
  }
}

class JsPhiloxRecords implements PhiloxRecords {
  declare readonly capacity: number;
  declare readonly words: Uint32Array;
  private readonly one = new Uint32Array(4);

  constructor(capacity: number) {
    this.capacity = capacity;
    this.words = new Uint32Array(4 * capacity);
  }

  fill(at: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, n: number): void {
    checkRange(at, n, this.capacity);
    const { one, words } = this;
    for (let j = 0; j < n; j++) {
      philox4x32_10(c0, c1, c2, (c3 >>> 0) + j, k0, k1, one);
      words.set(one, 4 * (at + j));
    }
  }
}

/** The pure-TS path, whatever `philoxBackend()` says: for tests comparing both. @internal */
export function createPhiloxRecordsJs(capacity: number): PhiloxRecords {
  checkCapacity(capacity);
  return new JsPhiloxRecords(capacity);
}
