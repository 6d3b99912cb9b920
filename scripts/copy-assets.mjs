// tsc copies no non-TS files; nothing to copy yet beyond keeping the build a single command.
