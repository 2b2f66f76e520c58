import type { CliConfig } from "../config.js";
import { CliError } from "./api-client.js";
import { runApply } from "./apply-command.js";
import { runExport } from "./export-command.js";

/** The monitors-as-code commands: API clients, configured by VIGIL_URL and VIGIL_TOKEN, not by the server's env. */
const clientCommands = ["apply", "export"] as const;
export type ClientCommand = (typeof clientCommands)[number];

export const isClientCommand = (command: string): command is ClientCommand =>
  clientCommands.some((c) => c === command);

export const clientUsage = `  apply FILE [--yes] [--prune]
                         plan (and with --yes apply) a monitors-as-code document (YAML or JSON); --prune also
                         deletes monitors carrying the document's tag that it does not list
  export [--format yaml|json] [--tag TAG]
                         print your monitors as a document (redirect it to a file: > monitors.yaml)`;

export type ClientOptions = {
  yes?: boolean | undefined;
  prune?: boolean | undefined;
  format?: string | undefined;
  tag?: string | undefined;
};

export async function runClientCommand(
  command: ClientCommand,
  operands: string[],
  options: ClientOptions,
  config: CliConfig,
): Promise<void> {
  if (command === "apply") {
    const [file, ...extra] = operands;
    if (!file || extra.length > 0)
      throw new CliError("vigil apply needs one file: vigil apply monitors.yaml [--yes]");
    await runApply({ file, yes: options.yes ?? false, prune: options.prune ?? false }, config);
    return;
  }
  const format = options.format ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new CliError("--format must be yaml or json");
  if (operands.length > 0)
    throw new CliError("vigil export takes no file: redirect its output (> monitors.yaml)");
  await runExport({ format, tag: options.tag }, config);
}
