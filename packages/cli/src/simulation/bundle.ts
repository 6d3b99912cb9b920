import { stat } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { McxError, McxErrorCode, SpecError } from "@mcx/core";
import { bundleFileName, bundleHash, MAX_BUNDLE_BYTES } from "@mcx/runner/simulation";
import { build, type Message } from "esbuild";
import { hostedModulesPlugin } from "./host-plugin.ts";
import { MODULE_EXTENSIONS } from "./module-extensions.ts";

/** A simulation module and its imports as one ESM file, named by the SHA-256 of its bytes. */
export interface SimulationBundle {
  /** `sha256:<64 hex>` of `code` (UTF-8): the identity of the code a result was produced by. */
  readonly hash: string;
  /** `<64 hex>.mjs`: where a bundle store keeps it. */
  readonly fileName: string;
  /** The ESM text, with an inline source map (sources relative to the module's directory, contents included). */
  readonly code: string;
  /** The module as given (for messages). */
  readonly module: string;
}

async function checkModule(module: string): Promise<void> {
  const ext = extname(module);
  if (!(MODULE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new SpecError(
      McxErrorCode.SIMULATION_BUILD,
      module,
      `a simulation module must be a ${MODULE_EXTENSIONS.join(", ")} file (got ${basename(module)})`,
    );
  }
  const s = await stat(module).catch(() => undefined);
  if (s === undefined || !s.isFile()) {
    throw new SpecError(McxErrorCode.FILE_NOT_FOUND, module, `simulation module ${module} does not exist`, {
      hint: "a path in `simulation:` is relative to the spec file",
    });
  }
}

/** The first esbuild error as `file:line:col: message` (line and column 1-based, the file as the user named it). */
function buildError(module: string, errors: readonly Message[], cause: unknown): SpecError {
  const first = errors[0];
  const loc = first?.location;
  // esbuild reports files relative to absWorkingDir (the module's directory); show them as the user would type them.
  const where = loc ? `${join(dirname(module), loc.file)}:${loc.line}:${loc.column + 1}` : module;
  const text = first?.text ?? String(cause);
  return new SpecError(McxErrorCode.SIMULATION_BUILD, where, `${where}: ${text}`, {
    cause,
    hint:
      errors.length > 1
        ? `${errors.length - 1} more error(s) after this one; fix this one first`
        : "fix the module at the reported position",
  });
}

/**
 * Bundles a simulation module (.ts, .mts, .js, .mjs) and everything it imports into one ESM file. `@mcx/sdk` and
 * `zod` are not bundled: they are the SDK and zod of the mcx that loads the bundle (see `@mcx/sdk/host`). Paths in
 * the bundle (module comments, source map sources) are relative to the module's directory, so the same module
 * and imports give the same bytes, and the same hash, wherever they are on disk.
 * @throws SpecError MCX_SIMULATION_BUILD at `file:line:col` when the module does not compile (or bundles to more
 *   than MAX_BUNDLE_BYTES);
 *   MCX_FILE_NOT_FOUND when it does not exist
 */
export async function bundleSimulation(module: string): Promise<SimulationBundle> {
  await checkModule(module);
  const absolute = resolve(module);
  const dir = dirname(absolute);
  let code: string;
  try {
    const result = await build({
      entryPoints: [absolute],
      absWorkingDir: dir,
      // Never written: only gives the source map its directory (sources relative to the module's).
      outfile: join(dir, "simulation.bundle.mjs"),
      write: false,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: true,
      charset: "utf8",
      legalComments: "none",
      logLevel: "silent",
      plugins: [hostedModulesPlugin()],
    });
    code = result.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (Array.isArray(errors)) throw buildError(module, errors, e);
    throw new McxError(McxErrorCode.INTERNAL, `bundling ${module} failed: ${(e as Error).message}`, { cause: e });
  }
  const bytes = Buffer.byteLength(code, "utf8");
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new SpecError(
      McxErrorCode.SIMULATION_BUILD,
      module,
      `${module} bundles to ${bytes} bytes with its imports, more than the ${MAX_BUNDLE_BYTES} a bundle may have`,
      { hint: "import less: a simulation bundle carries every module it imports except @mcx/sdk and zod" },
    );
  }
  const hash = bundleHash(code);
  return { hash, fileName: bundleFileName(hash), code, module };
}
