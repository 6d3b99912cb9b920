import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { McxError, McxErrorCode } from "@mcx/core/errors";
import { flagError } from "./errors.ts";

/**
 * Checks before a run that `--out FILE` can be written, so a long run does not fail at the very end.
 * @throws McxError MCX_FLAG_INVALID
 */
export async function checkOutPath(file: string): Promise<void> {
  const dir = dirname(resolve(file));
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw flagError("--out", `--out must be in a directory (got ${dir}, not a directory)`);
    await access(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof McxError) throw e;
    throw flagError(
      "--out",
      `--out must be in an existing, writable directory (got ${dir})`,
      `create it first: mkdir -p ${dir}`,
    );
  }
  try {
    if ((await stat(file)).isDirectory()) throw flagError("--out", `--out must be a file (got the directory ${file})`);
  } catch (e) {
    if (e instanceof McxError) throw e;
    // Does not exist yet: fine.
  }
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same directory, flushed, then renamed over the
 * target. A crash or error at any point leaves an existing file as it was.
 * @throws McxError MCX_IO when the file cannot be written
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(tmp, "wx", 0o644);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new McxError(McxErrorCode.IO, `cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}
