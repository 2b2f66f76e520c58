import { readFile } from "node:fs/promises";
import type { CliConfig } from "../config.js";
import { readGatusConfig } from "./gatus-config.js";
import { convertGatus } from "./gatus-convert.js";
import { ImportError, type ImportedMonitor, type ImportResult } from "./imported-monitor.js";
import { convertKuma } from "./kuma-convert.js";
import { readKumaFile } from "./kuma-files.js";
import { type ExistingMonitor, vigilClient } from "./vigil-client.js";

export const importSources = ["kuma", "gatus"] as const;
export type ImportSource = (typeof importSources)[number];

const sourceNames: Record<ImportSource, string> = { kuma: "Uptime Kuma", gatus: "Gatus" };

/**
 * `vigil import kuma|gatus <file> [--dry-run]`: converts the file, prints what will be imported, skipped and
 * adjusted, then (unless a dry run) creates the new monitors through the API. Monitors that already exist with the
 * same type, name and target are left alone, so running the import again after a change creates only what is new.
 */
export async function runImport(
  { source, file, dryRun }: { source: ImportSource; file: string; dryRun: boolean },
  config: CliConfig,
  print: (line: string) => void = console.log,
): Promise<void> {
  if (!dryRun && !config.token) {
    throw new ImportError(
      "set VIGIL_TOKEN to a Vigil API token or session token to import (or pass --dry-run to only look)",
    );
  }
  const result = await convertFile(source, file);
  print(formatSummary(`${sourceNames[source]} (${file})`, result));
  if (dryRun) {
    print("\nDry run: nothing was created.");
    return;
  }
  const client = vigilClient(config);
  const existing = await client.listMonitors();
  const fresh = result.monitors.filter((m) => !existing.some((e) => sameMonitor(m, e)));
  const already = result.monitors.length - fresh.length;
  const created = fresh.length > 0 ? await client.createMonitors(fresh) : [];
  const kept =
    already > 0 ? `; ${already} already in Vigil with the same type, name and target, left as they are` : "";
  print(`\nCreated ${created.length} monitors in Vigil at ${config.apiUrl}${kept}.`);
}

async function convertFile(source: ImportSource, file: string): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ImportError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (source === "kuma") return convertKuma(await readKumaFile(bytes));
  return convertGatus(readGatusConfig(bytes.toString("utf8")));
}

/** A heartbeat's url in Vigil is its ping URL, so heartbeats compare by name alone. */
function sameMonitor(m: ImportedMonitor, e: ExistingMonitor): boolean {
  if (m.type !== e.type || (m.name !== undefined && m.name !== e.name)) return false;
  return m.type === "heartbeat" || m.url === e.url;
}

function formatSummary(title: string, { monitors, skipped, notes }: ImportResult): string {
  const lines = [`${title}: ${monitors.length} to import, ${skipped.length} skipped`];
  if (monitors.length > 0) {
    lines.push("", "Import:");
    const keyWidth = Math.max(...monitors.map((m) => m.key.length));
    for (const m of monitors) {
      const target = m.type === "heartbeat" ? "(Vigil makes the ping URL)" : m.url;
      const tags = m.tags.length > 0 ? `  [${m.tags.join(", ")}]` : "";
      const paused = m.paused ? "  (paused)" : "";
      lines.push(
        `  ${m.key.padEnd(keyWidth)}  ${(m.type ?? "http").padEnd(9)} ${m.name ?? ""}: ${target}${tags}${paused}`,
      );
    }
  }
  if (skipped.length > 0) {
    lines.push("", "Skipped:");
    for (const s of skipped) lines.push(`  ${s.name}: ${s.reason}`);
  }
  if (notes.length > 0) {
    lines.push("", "Notes:");
    for (const n of notes) lines.push(`  ${n.name}: ${n.note}`);
  }
  return lines.join("\n");
}
