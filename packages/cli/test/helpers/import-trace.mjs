// Preloaded with `node --import`: registers import-trace-hooks.mjs for the rest of the process.
import { register } from "node:module";

register("./import-trace-hooks.mjs", import.meta.url);
