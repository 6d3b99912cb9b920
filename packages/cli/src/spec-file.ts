import { readFile } from "node:fs/promises";
// The light entries of core (not its statistics): `mcx run` reads its spec while its pool threads start.
import { isMcxError, McxError, McxErrorCode, SpecError } from "@mcx/core/errors";
import { isModulePath, locateSpecPath, parseSpecText, type ResolvedSpec, resolveSpec } from "@mcx/core/spec";
import { locate } from "./output/errors.ts";
import { modulePathOf } from "./simulation/module-path.ts";
import type { PreparedSimulation } from "./simulation/prepare.ts";

/** A spec file read, parsed and resolved: nothing has been started. */
export interface LoadedSpec {
  readonly file: string;
  readonly text: string;
  readonly spec: ResolvedSpec;
  /** The user simulation the spec's `simulation:` path names: bundled, stored and loaded. */
  readonly user?: PreparedSimulation;
}

async function readSpecText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw locate(
        new McxError(McxErrorCode.FILE_NOT_FOUND, `spec file ${file} does not exist`, {
          cause: e,
          hint: "check the path; `mcx validate FILE` checks a spec without running it",
        }),
        file,
      );
    }
    if (code === "EISDIR") {
      throw locate(new McxError(McxErrorCode.FILE_NOT_FOUND, `spec file ${file} is a directory`, { cause: e }), file);
    }
    throw locate(
      new McxError(McxErrorCode.FILE_NOT_FOUND, `spec file ${file} cannot be read: ${(e as Error).message}`, {
        cause: e,
      }),
      file,
    );
  }
}

/** Where a spec error is: the line of the offending key, or the `file:line:col` a parse error already names. */
function locateSpecError(e: unknown, file: string, text: string): unknown {
  if (e instanceof SpecError && e.path.startsWith("spec")) {
    let where = file;
    try {
      where = locateSpecPath(text, file, e.path);
    } catch {
      // The text parsed a moment ago; if locating still fails, the file name is location enough.
    }
    return locate(e, where);
  }
  // Parse errors carry "file:line:col" as their path already.
  if (e instanceof SpecError && e.path.startsWith(file)) return locate(e, e.path);
  if (isMcxError(e)) return locate(e, file);
  return e;
}

/**
 * The user simulation a spec names by module path (relative to the spec file), bundled and loaded; undefined for a
 * built-in. Its errors keep their own place: the module's `file:line:col`.
 */
async function userSimulationOf(raw: unknown, file: string, text: string): Promise<PreparedSimulation | undefined> {
  const simulation = (raw as { simulation?: unknown } | null)?.simulation;
  if (typeof simulation !== "string" || !isModulePath(simulation)) return undefined;
  const module = modulePathOf(file, simulation);
  // The bundler (esbuild) and the loader load only for a spec that names a module.
  const { prepareSimulation } = await import("./simulation/prepare.ts");
  try {
    return await prepareSimulation(module);
  } catch (e) {
    // A module that is missing or not a module file is the spec's mistake: point at its `simulation:` line.
    if (e instanceof SpecError && e.path === module && e.code !== McxErrorCode.SIMULATION_INVALID) {
      throw locateSpecError(
        new SpecError(
          e.code,
          "spec.simulation",
          e.message,
          e.hint === undefined ? { cause: e } : { cause: e, hint: e.hint },
        ),
        file,
        text,
      );
    }
    throw e;
  }
}

/**
 * Reads, parses and resolves a spec file; a `simulation:` that names a module is bundled and loaded first, and the
 * spec resolved against it (its `specHash` then names the bundle). Errors point at the file, and for spec errors at
 * the line of the offending key; errors of the module at its `file:line:col`.
 * @throws McxError MCX_FILE_NOT_FOUND, SpecError MCX_SPEC_PARSE / MCX_SPEC_INVALID / MCX_SPEC_LIMIT / …,
 *   MCX_SIMULATION_BUILD / MCX_SIMULATION_INVALID for the module
 */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  const text = await readSpecText(file);
  let raw: unknown;
  try {
    raw = parseSpecText(text, file);
  } catch (e) {
    throw locateSpecError(e, file, text);
  }
  const user = await userSimulationOf(raw, file, text);
  try {
    if (user === undefined) return { file, text, spec: resolveSpec(raw) };
    const spec = resolveSpec(raw, { simulation: user.simulation, bundle: user.hash });
    return { file, text, spec, user };
  } catch (e) {
    throw locateSpecError(e, file, text);
  }
}
