import { formatMs } from "../lib/format";

export type SparklineProps = {
  values: readonly (number | null)[];
  width?: number;
  height?: number;
  label?: string;
};

/**
 * Path data for values drawn left to right, scaled to the box with 1 px of padding. A null breaks the line (no data
 * that hour), so a gap is never drawn as a straight interpolation.
 */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return "";
  const max = Math.max(...present);
  const min = Math.min(...present);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0;
  let d = "";
  let segmentPoints = 0;
  // A segment of one point gets a zero-length line, which the round line cap draws as a dot.
  const endSegment = () => {
    if (segmentPoints === 1) d += "h0";
    segmentPoints = 0;
  };
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      endSegment();
      return;
    }
    const x = 1 + i * step;
    const y = 1 + (height - 2) * (1 - (value - min) / span);
    d += `${segmentPoints > 0 ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
    segmentPoints += 1;
  });
  endSegment();
  return d;
}

/** 24 hourly mean response times as an inline SVG line; a single point in an hour shows as a dot. */
export function Sparkline({ values, width = 96, height = 24, label }: SparklineProps) {
  const d = sparklinePath(values, width, height);
  const present = values.filter((v): v is number => v !== null);
  const title =
    label ??
    (present.length
      ? `Response time, last 24 h: ${formatMs(Math.min(...present))} to ${formatMs(Math.max(...present))}`
      : "No response times in the last 24 h");
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      {d ? (
        <path
          d={d}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      ) : (
        <line x1={1} x2={width - 1} y1={height / 2} y2={height / 2} className="sparkline-empty" />
      )}
    </svg>
  );
}
