#!/usr/bin/env node
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { runMigrate } from "./roles/migrate.js";
import { runApi, runIngester, runScheduler, runWorker } from "./roles/split-roles.js";
import { runStart } from "./roles/start.js";

const usage = `Usage: vigil <command> [options]

Commands:
  start                  every role in one process (embedded database and queue when no URLs are set)
  api                    the HTTP API
  scheduler              publishes due checks (leader-elected: running two is safe)
  worker --region NAME   runs the checks of one region [--concurrency N, default WORKER_CONCURRENCY]
  ingester               stores results and updates monitor status
  migrate                apply database migrations and exit

Configuration comes from environment variables: see .env.example.`;

type Args = { region?: string | undefined; concurrency?: string | undefined };

const commands: Record<string, (config: Config, args: Args) => Promise<void>> = {
  start: runStart,
  api: runApi,
  scheduler: runScheduler,
  ingester: runIngester,
  migrate: runMigrate,
  async worker(config, args) {
    if (!args.region) throw new UsageError("vigil worker needs --region NAME");
    const concurrency = args.concurrency === undefined ? config.worker.concurrency : Number(args.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError("--concurrency must be a whole number ≥ 1");
    await runWorker(config, args.region, concurrency);
  },
};

class UsageError extends Error {}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      region: { type: "string" },
      concurrency: { type: "string" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`Unknown command: ${command}`);
  await run(loadConfig(), values);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof UsageError || (err instanceof TypeError && "code" in err))
    console.error(`${err.message}\n\n${usage}`);
  else console.error(err);
  process.exit(1);
});
