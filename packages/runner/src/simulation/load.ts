import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { isMcxError, McxError, McxErrorCode, type Simulation, SpecError } from "@mcx/core/shard";
import { installSdkHost, isSimulation, setSourceLocator, thrownHint, thrownText } from "@mcx/sdk/host";
import { bundleHash } from "./bundle-hash.ts";
import { describeDefaultExport } from "./describe-export.ts";
import { createSourceLocator } from "./source-locator.ts";

/** A user simulation loaded from its bundle. */
export interface LoadedSimulation {
  readonly simulation: Simulation;
  /** `sha256:<hex>` of the bundle's bytes, as loaded. */
  readonly hash: string;
  readonly file: string;
}

export interface LoadOptions {
  /** Refuse the bundle unless its bytes have this hash (a worker checks what it fetched). */
  readonly expectedHash?: string;
  /** The module the bundle was made from, for messages. @defaultValue the bundle's file name */
  readonly module?: string;
}

async function readBundle(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new SpecError(McxErrorCode.FILE_NOT_FOUND, file, `simulation bundle ${file} cannot be read`, { cause: e });
  }
}

/**
 * Imports a simulation bundle and checks that its default export is a simulation made by `defineSimulation`. The
 * runtime's SDK and zod are installed for the bundle first (see `@mcx/sdk/host`); trial failures are then
 * reported at the user's `file:line:col` through the bundle's source map. Node caches the module by its URL, and a
 * bundle's name is its hash, so loading one twice in a thread costs one import.
 * @throws McxError MCX_BUNDLE_MISMATCH when the bytes do not have `expectedHash`; SpecError MCX_SIMULATION_INVALID
 *   when the module throws while loading or its default export is not a simulation
 */
export async function loadSimulationBundle(file: string, options: LoadOptions = {}): Promise<LoadedSimulation> {
  const module = options.module ?? basename(file);
  const bytes = await readBundle(file);
  const hash = bundleHash(bytes);
  if (options.expectedHash !== undefined && hash !== options.expectedHash) {
    throw new McxError(
      McxErrorCode.BUNDLE_MISMATCH,
      `simulation bundle ${file} has hash ${hash}, not the ${options.expectedHash} it was fetched as`,
      { hint: "the bundle was corrupted or replaced; it is refused, fetch it again" },
    );
  }
  const locate = createSourceLocator(file, bytes.toString("utf8"));
  installSdkHost();
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const at = locate(e);
    // defineSimulation's errors name the key (simulation.metrics.wait.kind); the place is the module's line.
    if (e instanceof SpecError) {
      throw new SpecError(
        e.code,
        at ?? module,
        e.message,
        e.hint === undefined ? { cause: e } : { cause: e, hint: e.hint },
      );
    }
    if (isMcxError(e)) throw e;
    throw new SpecError(
      McxErrorCode.SIMULATION_INVALID,
      at ?? module,
      `${module} threw while loading: ${thrownText(e)}`,
      {
        cause: e,
        hint: thrownHint(e, "fix the module's top-level code at the reported line"),
      },
    );
  }
  const simulation = namespace.default;
  if (!isSimulation(simulation)) {
    const { found, hint } = describeDefaultExport(namespace);
    throw new SpecError(
      McxErrorCode.SIMULATION_INVALID,
      module,
      `the default export of ${module} must be a simulation made by defineSimulation (got ${found})`,
      { hint },
    );
  }
  setSourceLocator(simulation as object, locate);
  return { simulation: simulation as Simulation, hash, file };
}
