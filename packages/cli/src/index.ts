export { createProgram, runCli } from "./program.ts";
