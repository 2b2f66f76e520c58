import { useMemo } from "react";
import uPlot from "uplot";
import type { CheckResult, CheckTimings } from "../api/types";
import { formatDateTimeSeconds, formatMs } from "../lib/format";
import { UPlotChart } from "./uplot-chart";

export const phases = [
  { key: "dnsMs", label: "DNS", color: "#0891b2" },
  { key: "connectMs", label: "Connect", color: "#2563eb" },
  { key: "tlsMs", label: "TLS", color: "#7c3aed" },
  { key: "firstByteMs", label: "First byte", color: "#d97706" },
  { key: "downloadMs", label: "Download", color: "#65a30d" },
] as const satisfies readonly { key: keyof CheckTimings; label: string; color: string }[];

/**
 * Stacked bars, one per check (oldest left): uPlot has no stacking of its own, so each series is the running sum up
 * to its phase, drawn largest first so the smaller ones sit in front; the legend shows each phase's own time.
 */
function stacked(checks: CheckResult[]) {
  const rows = checks.filter((c) => c.timings).reverse();
  const own = phases.map((phase) => rows.map((c) => c.timings?.[phase.key] ?? 0));
  const sums = own.map((_, i) =>
    rows.map((_, j) => own.slice(0, i + 1).reduce((s, col) => s + (col[j] ?? 0), 0)),
  );
  const xs = rows.map((_, i) => i);
  return { rows, own, data: [xs, ...[...sums].reverse()] as uPlot.AlignedData };
}

export function TimingChart({ checks }: { checks: CheckResult[] }) {
  const { rows, own, data } = useMemo(() => stacked(checks), [checks]);
  const rowsRef = useMemo(() => ({ rows, own }), [rows, own]);
  const options = useMemo((): Omit<uPlot.Options, "width" | "height"> => {
    const bars = uPlot.paths.bars?.({ size: [0.7, 24] });
    const ordered = [...phases].reverse();
    return {
      series: [
        {
          label: "Check",
          value: (_u, i) => {
            const row = rowsRef.rows[i];
            return row ? `${formatDateTimeSeconds(row.checkedAt)} ${row.region}` : "";
          },
        },
        ...ordered.map((phase, k) => ({
          label: phase.label,
          stroke: phase.color,
          fill: phase.color,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _s: number, i: number | null) =>
            i === null ? "" : formatMs(rowsRef.own[phases.length - 1 - k]?.[i] ?? null),
        })),
      ],
      scales: {
        // Half a slot of room on each side, so the first and last bars are whole.
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
      },
      axes: [
        { show: false },
        {
          stroke: "currentColor",
          grid: { stroke: "rgba(128,128,128,0.15)" },
          values: (_u, vals) => vals.map((v) => formatMs(v)),
          size: 76,
        },
      ],
      cursor: { drag: { x: false, y: false } },
    };
  }, [rowsRef]);

  if (rows.length === 0) return <p className="hint chart-empty">No timed checks yet.</p>;
  return <UPlotChart options={options} data={data} height={200} label="Timing breakdown of recent checks" />;
}
