#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { runMigrate } from "./roles/migrate.js";
import { runStart } from "./roles/start.js";

const usage = `Usage: vigil <command>

Commands:
  start     run every role in one process (API; embedded database and queue when no URLs are set)
  api       run the HTTP API
  migrate   apply database migrations and exit

Configuration comes from environment variables: see .env.example.`;

const commands: Record<string, (config: ReturnType<typeof loadConfig>) => Promise<void>> = {
  start: runStart,
  // The API is the only role so far, so it starts like `start`; later roles split them.
  api: runStart,
  migrate: runMigrate,
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const run = commands[command];
  if (!run) {
    console.error(`Unknown command: ${command}\n\n${usage}`);
    process.exit(2);
  }
  await run(loadConfig());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
