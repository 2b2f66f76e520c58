import type { CheckStatus, MonitorStatus } from "../api/types";

export type AnyStatus = MonitorStatus | CheckStatus | "no-data" | "open" | "acknowledged" | "resolved";

export const statusLabels: Record<AnyStatus, string> = {
  up: "Up",
  down: "Down",
  degraded: "Degraded",
  pending: "Pending",
  paused: "Paused",
  maintenance: "Maintenance",
  missed: "Missed",
  "no-data": "No data",
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
};

/** A coloured dot whose meaning is also in text for screen readers and on hover; down pulses. */
export function StatusDot({ status, size = "md" }: { status: AnyStatus; size?: "sm" | "md" | "lg" }) {
  return (
    <span
      className={`dot dot-${status} dot-${size}`}
      role="img"
      aria-label={statusLabels[status]}
      title={statusLabels[status]}
      data-status={status}
    />
  );
}

export function StatusBadge({ status }: { status: AnyStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <StatusDot status={status} size="sm" />
      {statusLabels[status]}
    </span>
  );
}
