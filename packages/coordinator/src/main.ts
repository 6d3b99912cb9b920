#!/usr/bin/env node
// The coordinator process for containers and tests: `node packages/coordinator/dist/main.js`, settings from the
// environment (see CoordinatorEnv). `mcx coordinator` runs the same in the CLI's own process.
import { exitOnError } from "@mcx/lifecycle";
import { runCoordinatorProcess } from "./process.ts";

await runCoordinatorProcess(process.env).catch(exitOnError("mcx-coordinator"));
