// The flags of `mcx extend` that say what to extend to: --trials, --stop, --points, or --spec (a whole spec).
import { readFile } from "node:fs/promises";
import { McxError, McxErrorCode, parseSpecText, type SpecChange, SpecError } from "@mcx/core";
import type { ExtensionRequest } from "@mcx/runner";
import { flagError, locate } from "../output/errors.ts";
import { loadSpecFile } from "../spec-file.ts";

/** What the extension flags parse to (before the files they name are read). */
export interface ExtensionFlags {
  readonly trials?: number;
  readonly stop?: string;
  readonly points?: string;
  readonly spec?: string;
}

/** `--stop 'relHalfWidth: 0.005'`: YAML (or JSON) of the stop-rule keys to change. */
function parseStopFlag(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseSpecText(text, "--stop");
  } catch (e) {
    throw flagError(
      "--stop",
      `--stop must be YAML like 'relHalfWidth: 0.005' (got ${JSON.stringify(text)})`,
      (e as Error).message,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw flagError(
      "--stop",
      `--stop must map stop-rule keys to values, like 'relHalfWidth: 0.005' (got ${JSON.stringify(text)})`,
    );
  }
  return value as Record<string, unknown>;
}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw locate(
      new McxError(McxErrorCode.FILE_NOT_FOUND, `${flag} file ${file} cannot be read: ${(e as Error).message}`, {
        cause: e,
      }),
      file,
    );
  }
}

/** `--points FILE`: a YAML or JSON list of points, each a map of dot paths to values (as in `sweep.list`). */
async function readPointsFile(file: string): Promise<Record<string, unknown>[]> {
  let value: unknown;
  try {
    value = parseSpecText(await readText(file, "--points"), file);
  } catch (e) {
    if (e instanceof SpecError) throw locate(e, e.path);
    throw e;
  }
  const isPoint = (p: unknown) => p !== null && typeof p === "object" && !Array.isArray(p);
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPoint)) {
    throw flagError("--points", `--points must name a file with a list of points, like '- { nCpu: 64 }' (got ${file})`);
  }
  return value as Record<string, unknown>[];
}

/** The raw text of `--spec FILE` and what it parses to, validated as any spec file is (errors at their line). */
export async function readSpecFlag(file: string): Promise<{ text: string; source: unknown }> {
  const { text, spec } = await loadSpecFile(file);
  return { text, source: spec.source };
}

/**
 * What the flags ask for. `--spec` names the whole extended spec and excludes the others.
 * @throws McxError MCX_FLAG_INVALID for a malformed flag or --spec with another, MCX_FILE_NOT_FOUND, SpecError
 */
export async function parseExtensionFlags(flags: ExtensionFlags): Promise<ExtensionRequest> {
  if (flags.spec !== undefined) {
    if (flags.trials !== undefined || flags.stop !== undefined || flags.points !== undefined) {
      throw flagError("--spec", "--spec names the whole extended spec: leave out --trials, --stop and --points");
    }
    return { spec: (await readSpecFlag(flags.spec)).source };
  }
  const change: { -readonly [K in keyof SpecChange]: SpecChange[K] } = {};
  if (flags.trials !== undefined) change.trials = flags.trials;
  if (flags.stop !== undefined) change.stop = parseStopFlag(flags.stop);
  if (flags.points !== undefined) change.points = await readPointsFile(flags.points);
  return { change };
}
