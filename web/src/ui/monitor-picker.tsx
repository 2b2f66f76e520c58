import { useMemo, useState } from "react";
import { useMonitorList } from "../monitors/monitor-store-context";
import { StatusDot } from "../monitors/status-dot";

/** Choose monitors by name: a filterable checkbox list (capped on screen; the filter finds the rest). */
export function MonitorPicker({
  selected,
  onChange,
  label,
}: {
  selected: string[];
  onChange: (ids: string[]) => void;
  label: string;
}) {
  const { items } = useMonitorList();
  const [text, setText] = useState("");
  const chosen = useMemo(() => new Set(selected), [selected]);
  const shown = useMemo(() => {
    const q = text.toLowerCase();
    return items
      .filter((m) => !q || m.name.toLowerCase().includes(q) || m.url.toLowerCase().includes(q))
      .sort((a, b) => Number(chosen.has(b.id)) - Number(chosen.has(a.id)) || a.name.localeCompare(b.name))
      .slice(0, 200);
  }, [items, text, chosen]);
  return (
    <fieldset className="picker">
      <legend>
        {label} <span className="hint">({selected.length} chosen)</span>
      </legend>
      <input
        type="search"
        placeholder="Filter monitors"
        aria-label={`Filter ${label.toLowerCase()}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="picker-list">
        {shown.map((m) => (
          <label key={m.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(m.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, m.id] : selected.filter((id) => id !== m.id))
              }
            />
            <StatusDot status={m.status} size="sm" /> {m.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
