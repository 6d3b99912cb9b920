import { readFile } from "node:fs/promises";
// The light entries of core (not its statistics): `mcx run` reads its spec while its pool threads start.
import { isMcxError, McxError, McxErrorCode, SpecError } from "@mcx/core/errors";
import { locateSpecPath, parseSpecText, type ResolvedSpec, resolveSpec } from "@mcx/core/spec";
import { locate } from "./output/errors.ts";

/** A spec file read, parsed and resolved: nothing has been started. */
export interface LoadedSpec {
  readonly file: string;
  readonly text: string;
  readonly spec: ResolvedSpec;
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

/**
 * Reads, parses and resolves a spec file. Errors point at the file, and for spec errors at the line of the
 * offending key.
 * @throws McxError MCX_FILE_NOT_FOUND, SpecError MCX_SPEC_PARSE / MCX_SPEC_INVALID / MCX_SPEC_LIMIT / …
 */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  const text = await readSpecText(file);
  try {
    return { file, text, spec: resolveSpec(parseSpecText(text, file)) };
  } catch (e) {
    if (e instanceof SpecError && e.path.startsWith("spec")) {
      let where = file;
      try {
        where = locateSpecPath(text, file, e.path);
      } catch {
        // The text parsed a moment ago; if locating still fails, the file name is location enough.
      }
      throw locate(e, where);
    }
    // Parse errors carry "file:line:col" as their path already.
    if (e instanceof SpecError && e.path.startsWith(file)) throw locate(e, e.path);
    if (isMcxError(e)) throw locate(e, file);
    throw e;
  }
}
