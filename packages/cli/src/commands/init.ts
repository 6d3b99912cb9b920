import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { listSimulations } from "@mcx/core";
import type { Command } from "commander";
import { flagError } from "../output/errors.ts";
import { scaffoldFiles } from "../simulation/scaffold.ts";

// The rule defineSimulation applies to names (so the scaffold's own module is valid).
const NAME = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw flagError("NAME", `NAME must be letters, digits, '.', '_' or '-', starting with a letter (got "${name}")`);
  }
  if (listSimulations().some((s) => s.name === name)) {
    throw flagError("NAME", `NAME must not be the name of a built-in simulation (got "${name}")`);
  }
  if (existsSync(name)) {
    throw flagError("NAME", `NAME must not exist yet (got "${name}", which exists)`, "pick another name or directory");
  }
}

/** `mcx init NAME`: a directory NAME with a simulation module, a spec and a tsconfig.json for editor types. */
export function register(program: Command): void {
  program
    .command("init")
    .description("scaffold a user simulation module, a spec and a tsconfig for editor types")
    .argument("<name>", "the simulation's name; also the directory written")
    .action(async (name: string) => {
      checkName(name);
      await mkdir(name);
      const files = scaffoldFiles(name);
      for (const f of files) await writeFile(join(name, f.path), f.text, { flag: "wx" });
      const listing = files.map((f) => `  ${join(name, f.path)}\n`).join("");
      const module = join(name, `${name}.ts`);
      process.stdout.write(
        `wrote\n${listing}next: edit ${module}; mcx models ./${module} lists it, mcx run ${join(name, `${name}.yaml`)} runs it\n`,
      );
    });
}
