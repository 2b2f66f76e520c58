import type { CliConfig } from "../config.js";
import { placeholderCountHeader } from "../monitors-as-code/code-schemas.js";
import { callApi } from "./api-client.js";

export type ExportArgs = { format: "yaml" | "json"; tag: string | undefined };

/**
 * `vigil export [--format yaml|json] [--tag x]`: writes the caller's monitors as a document to stdout (so
 * `> monitors.yaml` saves it), and a note to stderr when secrets were written as placeholders.
 */
export async function runExport(
  { format, tag }: ExportArgs,
  config: CliConfig,
  io: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => console.error(text),
  },
): Promise<string> {
  const query = new URLSearchParams({ format, ...(tag ? { tag } : {}) });
  const answer = await callApi(config, "GET", `/api/monitor/export?${query}`);
  io.stdout(answer.text);
  const placeholders = Number(answer.headers.get(placeholderCountHeader) ?? 0);
  if (placeholders > 0) {
    io.stderr(
      `Note: ${placeholders} secret${placeholders > 1 ? "s were" : " was"} written as \${...} placeholders. ` +
        "Applying the file here keeps the stored values; put the secrets in to apply it elsewhere.",
    );
  }
  return answer.text;
}
