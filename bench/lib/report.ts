import os from "node:os";

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const formatMb = (bytes: number) => `${formatNumber(bytes / 1024 / 1024)} MB`;

/** A Markdown table, so the output can be pasted into docs/benchmarks.md as is. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function describeMachine(): string {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model ?? "unknown"} x ${cpus.length} cores (os.availableParallelism ${os.availableParallelism()})`,
    `Memory: ${formatNumber(os.totalmem() / 1024 ** 3, 1)} GiB`,
    `Node: ${process.version} on ${os.platform()} ${os.release()}`,
  ].join("\n");
}

/** Prints a heading line and the settings a run used, so every result says what produced it. */
export function printSettings(title: string, settings: Record<string, string | number>): void {
  console.log(`\n## ${title}\n`);
  console.log(describeMachine());
  console.log(
    Object.entries(settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(" "),
  );
}
