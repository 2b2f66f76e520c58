import type { CheckResult } from "../api/types";
import { formatMs, formatRelative } from "../lib/format";
import { StatusBadge } from "../monitors/status-dot";

/** The newest result of each region: the monitor's state right now, region by region. */
export function RegionStatus({ latest, now }: { latest: CheckResult[]; now: number }) {
  if (latest.length === 0) return <p className="hint">No check has run yet: the first one is on its way.</p>;
  return (
    <ul className="region-cards">
      {latest.map((result) => (
        <li
          key={result.region}
          className={`region-card region-card-${result.status}`}
          data-region={result.region}
        >
          <div className="region-card-head">
            <span className="region-name">{result.region}</span>
            <StatusBadge status={result.status} />
          </div>
          <div className="region-card-figures">
            <span className="num">{formatMs(result.responseTimeMs)}</span>
            {result.statusCode !== null ? <span className="num">HTTP {result.statusCode}</span> : null}
            <span title={result.checkedAt}>{formatRelative(result.checkedAt, now)}</span>
          </div>
          {result.error ? <p className="region-error">{result.error}</p> : null}
          {result.failedAssertion ? (
            <p className="region-error">
              Assertion {result.failedAssertion.index + 1} ({result.failedAssertion.type}): expected{" "}
              {result.failedAssertion.expected}, got {result.failedAssertion.actual}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
