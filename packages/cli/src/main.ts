#!/usr/bin/env node
import { runCli } from "./program.ts";

// Set the status and let the event loop drain, so stdout (possibly a pipe) is flushed before exit.
process.exitCode = await runCli(process.argv);
