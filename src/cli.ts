#!/usr/bin/env node
import { parseArgs } from "node:util";
import { CliError } from "./cli/api-client.js";
import { clientUsage, isClientCommand, runClientCommand } from "./cli/client-commands.js";
import { type Config, ConfigError, loadCliConfig, loadConfig } from "./config.js";
import { ImportError } from "./import/imported-monitor.js";
import { type ImportSource, importSources, runImport } from "./import/run-import.js";
import { MigrateDataError } from "./migrate-data/copy-database.js";
import { runMigrateData } from "./migrate-data/run-migrate-data.js";
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
  migrate-data --to URL  copy the embedded database (DATA_DIR) into an empty PostgreSQL database, verified by counts
  import kuma|gatus FILE [--dry-run]
                         create monitors from an Uptime Kuma database or backup, or a Gatus config, through the
                         API at VIGIL_URL (default http://127.0.0.1:3000) with VIGIL_TOKEN
${clientUsage}

Configuration comes from environment variables: see .env.example.`;

type Args = { region?: string | undefined; concurrency?: string | undefined; to?: string | undefined };

const commands: Record<string, (config: Config, args: Args) => Promise<void>> = {
  start: runStart,
  api: runApi,
  scheduler: runScheduler,
  ingester: runIngester,
  migrate: runMigrate,
  async "migrate-data"(config, args) {
    if (!args.to) throw new UsageError("vigil migrate-data needs --to postgres://…");
    await runMigrateData(config, args.to);
  },
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
      to: { type: "string" },
      "dry-run": { type: "boolean" },
      yes: { type: "boolean", short: "y" },
      prune: { type: "boolean" },
      format: { type: "string" },
      tag: { type: "string" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  if (command === "import") {
    // An API client, not a role: it needs VIGIL_URL and VIGIL_TOKEN, not the server's configuration.
    const [, source, file] = positionals;
    if (!importSources.includes(source as ImportSource) || !file || positionals.length > 3) {
      throw new UsageError(
        "vigil import needs kuma or gatus and a file: vigil import kuma kuma.db [--dry-run]",
      );
    }
    await runImport(
      { source: source as ImportSource, file, dryRun: values["dry-run"] ?? false },
      loadCliConfig(),
    );
    return;
  }
  if (isClientCommand(command)) {
    await runClientCommand(command, positionals.slice(1), values, loadCliConfig());
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`Unknown command: ${command}`);
  await run(loadConfig(), values);
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof MigrateDataError ||
    err instanceof ImportError ||
    err instanceof CliError
  )
    console.error(err.message);
  else if (err instanceof UsageError || (err instanceof TypeError && "code" in err))
    console.error(`${err.message}\n\n${usage}`);
  else console.error(err);
  process.exit(1);
});
