import { Fragment, useState } from "react";
import type { CheckResult } from "../api/types";
import { formatDateTimeSeconds, formatMs } from "../lib/format";
import { StatusBadge } from "../monitors/status-dot";
import { phases } from "./timing-chart";

function CheckDetails({ check }: { check: CheckResult }) {
  return (
    <dl className="check-details">
      {check.error ? (
        <>
          <dt>Error</dt>
          <dd className="mono">{check.error}</dd>
        </>
      ) : null}
      {check.failedAssertion ? (
        <>
          <dt>Failing assertion</dt>
          <dd>
            #{check.failedAssertion.index + 1} {check.failedAssertion.type}: expected{" "}
            <code>{check.failedAssertion.expected}</code>, got <code>{check.failedAssertion.actual}</code>
          </dd>
        </>
      ) : null}
      <dt>Status code</dt>
      <dd>{check.statusCode ?? "none"}</dd>
      {check.finalUrl ? (
        <>
          <dt>Final URL</dt>
          <dd className="mono">{check.finalUrl}</dd>
        </>
      ) : null}
      {check.remoteAddress ? (
        <>
          <dt>Address</dt>
          <dd className="mono">{check.remoteAddress}</dd>
        </>
      ) : null}
      {check.timings ? (
        <>
          <dt>Timings</dt>
          <dd>
            {phases
              .filter((p) => check.timings?.[p.key] !== null)
              .map((p) => `${p.label} ${formatMs(check.timings?.[p.key])}`)
              .join(" · ")}{" "}
            (total {formatMs(check.timings.totalMs)})
          </dd>
        </>
      ) : null}
      <dt>Scheduled</dt>
      <dd>{formatDateTimeSeconds(check.scheduledAt)}</dd>
    </dl>
  );
}

/** Recent checks, newest first; failures open to show why they failed. */
export function ChecksTable({ checks }: { checks: CheckResult[] }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="table checks-table">
        <thead>
          <tr>
            <th>Checked</th>
            <th>Region</th>
            <th>Status</th>
            <th className="num">Code</th>
            <th className="num">Time</th>
            <th>
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => {
            const failed = check.status !== "up";
            const expanded = open.has(check.id);
            return (
              <Fragment key={check.id}>
                <tr className={failed ? "row-failed" : undefined}>
                  <td>{formatDateTimeSeconds(check.checkedAt)}</td>
                  <td>{check.region}</td>
                  <td>
                    <StatusBadge status={check.status} />
                  </td>
                  <td className="num">{check.statusCode ?? "–"}</td>
                  <td className="num">{formatMs(check.responseTimeMs)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      aria-expanded={expanded}
                      onClick={() => toggle(check.id)}
                    >
                      {expanded ? "Hide" : failed ? "Why?" : "Details"}
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="row-details">
                    <td colSpan={6}>
                      <CheckDetails check={check} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
