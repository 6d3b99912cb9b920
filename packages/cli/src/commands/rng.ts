import { endianness } from "node:os";
import type { Writable } from "node:stream";
import { philoxKat, rngBytesStream } from "@mcx/core";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { flagError } from "../output/errors.ts";

interface RngOptions {
  readonly seed?: number;
  readonly stream: number;
  readonly count?: number;
  readonly kat?: boolean;
}

/** Words per write: 1 MiB chunks keep syscalls rare without holding much memory. */
const CHUNK_WORDS = 1 << 18;

const U32_MAX = 0xffffffff;

function isClosedPipe(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_WRITE_AFTER_END";
}

/**
 * Writes `count` words (or forever when undefined) from the generator to `out` as little-endian uint32.
 * Resolves when done or when the reader closed the pipe (not an error for a byte source).
 */
async function pump(out: Writable, next: () => number, count: number | undefined): Promise<void> {
  let closed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onError = (e: unknown) => {
    if (isClosedPipe(e)) closed = true;
    else failure = e;
    wake?.();
  };
  out.on("error", onError);
  out.on("close", () => {
    closed = true;
    wake?.();
  });
  const littleEndian = endianness() === "LE";
  let left = count ?? Number.POSITIVE_INFINITY;
  try {
    while (left > 0 && !closed && failure === undefined) {
      const words = Math.min(CHUNK_WORDS, left);
      const chunk = new Uint32Array(words);
      for (let i = 0; i < words; i++) chunk[i] = next();
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!littleEndian) bytes.swap32();
      left -= words;
      if (!out.write(bytes)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          out.once("drain", resolve);
        });
        wake = undefined;
      } else {
        // Pipes to stdout are written synchronously on Linux, so write() never asks to wait; yield anyway so a
        // closed pipe's error event is seen and the loop ends.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (out.destroyed) closed = true;
    }
    if (!closed && failure === undefined) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        out.end(resolve);
      });
    }
  } finally {
    out.off("error", onError);
  }
  if (failure !== undefined) throw failure;
}

/** `mcx rng`: raw generator output for external test batteries, and the Philox known-answer check. */
export function register(program: Command): void {
  program
    .command("rng")
    .description("write raw little-endian uint32 from the project's generator to stdout (for dieharder / PractRand)")
    .option("--seed <S>", "uint32 seed of the run", intFlag("--seed", 0, U32_MAX))
    .option("--stream <K>", "stream number (uint32); streams are independent", intFlag("--stream", 0, U32_MAX), 0)
    .option("--count <N>", "number of uint32 words to write (default: endless)", intFlag("--count", 0))
    .option("--kat", "run the Philox4x32-10 known-answer test instead and print one line per vector")
    .addHelpText(
      "after",
      "\nExamples:\n  mcx rng --seed 42 | RNG_test stdin32\n  mcx rng --seed 42 --stream 1 --count 1000000 > words.bin\n  mcx rng --kat",
    )
    .action(async (options: RngOptions) => {
      if (options.kat) {
        if (options.seed !== undefined || options.count !== undefined) {
          throw flagError("--kat", "--kat must be used alone (got --seed or --count too)");
        }
        const kat = philoxKat();
        for (const line of kat.lines) process.stdout.write(`${line}\n`);
        if (!kat.ok) {
          process.stderr.write("error[MCX_INTERNAL]: Philox4x32-10 known-answer test failed (mcx rng --kat)\n");
          process.exitCode = 1;
        }
        return;
      }
      if (options.seed === undefined) {
        throw flagError("--seed", "--seed is required (got nothing)", "mcx rng --seed 42 [--stream K] [--count N]");
      }
      const rng = rngBytesStream(options.seed, options.stream);
      await pump(process.stdout, () => rng.nextU32(), options.count);
    });
}
