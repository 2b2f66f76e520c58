import type { Channel } from "../api/types";
import { Checkbox } from "../ui/controls";
import { InputField } from "../ui/fields";
import type { BoundField, MonitorForm as FormState, TextKey } from "./monitor-form-model";

/** The monitor form's Alerting section: how many results confirm a change, reminders, which channels. */
export function AlertingFields({
  form,
  set,
  bind,
  err,
  channels,
}: {
  form: FormState;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  bind: (key: TextKey) => BoundField;
  err: (field: string) => string | undefined;
  channels: Channel[];
}) {
  const isHeartbeat = form.type === "heartbeat";
  return (
    <fieldset className="section">
      <legend>Alerting</legend>
      <div className="grid-3">
        <InputField
          label="Failures to confirm"
          hint={`In a row; default ${isHeartbeat ? 1 : 2}.`}
          type="number"
          min={1}
          max={10}
          {...bind("confirmations")}
        />
        {isHeartbeat ? null : (
          <InputField
            label="Quorum (regions)"
            hint="Regions that must confirm."
            type="number"
            min={1}
            max={50}
            {...bind("quorum")}
          />
        )}
        <InputField
          label="Passes to recover"
          hint={`In a row; default ${isHeartbeat ? 1 : 2}.`}
          type="number"
          min={1}
          max={10}
          {...bind("recoveries")}
        />
        {isHeartbeat ? null : (
          <InputField
            label="Retry failing regions after (s)"
            type="number"
            min={5}
            max={3600}
            {...bind("retryIntervalSeconds")}
          />
        )}
        <InputField
          label="Remind every (minutes)"
          hint="While down; blank: never."
          type="number"
          min={5}
          max={10080}
          {...bind("reminderMinutes")}
        />
      </div>
      <fieldset className="field">
        <legend>Notify</legend>
        <Checkbox
          label="Every notification channel I have"
          checked={form.channelIds === null}
          onChange={(all) => set("channelIds", all ? null : [])}
        />
        {form.channelIds !== null ? (
          <div className="checkbox-row">
            {channels.length === 0 ? <span className="hint">No channels yet.</span> : null}
            {channels.map((channel) => (
              <Checkbox
                key={channel.id}
                label={`${channel.name} (${channel.type})`}
                checked={form.channelIds?.includes(channel.id) ?? false}
                onChange={(on) =>
                  set(
                    "channelIds",
                    on
                      ? [...(form.channelIds ?? []), channel.id]
                      : (form.channelIds ?? []).filter((id) => id !== channel.id),
                  )
                }
              />
            ))}
          </div>
        ) : null}
        {err("channelIds") ? (
          <p className="field-error" role="alert">
            {err("channelIds")}
          </p>
        ) : null}
      </fieldset>
      <Checkbox
        label="Paused"
        hint="(no checks, no alerts)"
        checked={form.paused}
        onChange={(v) => set("paused", v)}
      />
    </fieldset>
  );
}
