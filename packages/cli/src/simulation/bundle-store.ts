import { randomUUID } from "node:crypto";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SimulationBundle } from "./bundle.ts";

/**
 * Writes a bundle into `dir` as `<hex>.mjs` and returns its path. Content-addressed: a file of that name already
 * there has the same bytes (a loader verifies the hash), so it is kept. Written to a temporary name and renamed,
 * so a reader never sees half a bundle.
 */
export async function writeBundle(dir: string, bundle: SimulationBundle): Promise<string> {
  const file = join(dir, bundle.fileName);
  if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${bundle.fileName}.${randomUUID()}.tmp`);
  await writeFile(temporary, bundle.code, "utf8");
  await rename(temporary, file);
  return file;
}
