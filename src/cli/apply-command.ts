import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import YAML from "yaml";
import type { CliConfig } from "../config.js";
import type { ApplyResultJson } from "../monitors-as-code/code-schemas.js";
import { ApiError, CliError, callApi } from "./api-client.js";
import { formatPlan } from "./plan-output.js";

export type ApplyArgs = { file: string; yes: boolean; prune: boolean };

/** JSON by extension (or a leading `{`), YAML otherwise: the API reads both. */
function contentTypeOf(file: string, text: string): string {
  const ext = extname(file).toLowerCase();
  if (ext === ".json") return "application/json";
  if (ext === ".yaml" || ext === ".yml") return "application/yaml";
  return text.trimStart().startsWith("{") ? "application/json" : "application/yaml";
}

/** `monitors.3.url` → `monitors.3 (key "api") url`, reading the keys from the file when it parses. */
function describeIssues(error: ApiError, text: string): string[] {
  let keys: unknown[] = [];
  try {
    const doc = YAML.parse(text) as { monitors?: { key?: unknown }[] } | null;
    keys = doc?.monitors?.map((m) => m?.key) ?? [];
  } catch {
    // The API already said what is wrong with the file.
  }
  return error.issues.map(({ path, message }) => {
    const match = /^monitors\.(\d+)\.?(.*)$/.exec(path);
    const key = match ? keys[Number(match[1])] : undefined;
    const where =
      match && typeof key === "string"
        ? `monitors.${match[1]} (key "${key}")${match[2] ? ` ${match[2]}` : ""}`
        : path;
    return `  ${where}: ${message}`;
  });
}

/**
 * `vigil apply FILE [--yes] [--prune]`: sends the document to POST /api/monitor/apply and prints the plan. Without
 * --yes it is a dry run (nothing changes); with it the plan is applied in one transaction on the server.
 */
export async function runApply(
  { file, yes, prune }: ApplyArgs,
  config: CliConfig,
  print: (text: string) => void = console.log,
): Promise<ApplyResultJson> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const query = `?dryRun=${!yes}&prune=${prune}`;
  try {
    const answer = await callApi(config, "POST", `/api/monitor/apply${query}`, {
      text,
      contentType: contentTypeOf(file, text),
    });
    const result = JSON.parse(answer.text) as ApplyResultJson;
    print(formatPlan(result, file));
    return result;
  } catch (error) {
    if (!(error instanceof ApiError) || error.issues.length === 0) throw error;
    throw new CliError(
      [`${file} was not applied: ${error.apiMessage}`, ...describeIssues(error, text)].join("\n"),
    );
  }
}
