import { useState } from "react";
import { errorFor } from "../api/field-errors";
import { type Channel, type ChannelType, channelTypes } from "../api/types";
import { Checkbox } from "../ui/controls";
import { InputField, SelectField, SubmitCancel, UnclaimedErrors } from "../ui/fields";
import { useFormSubmit } from "../ui/use-form-submit";

type ConfigField = {
  key: string;
  label: string;
  hint?: string;
  secret?: boolean;
  optional?: boolean;
  list?: boolean;
};

/** Each type's config (src/notifications/channel-types.ts); secrets come back masked and are kept if unchanged. */
export const configFields: Record<ChannelType, ConfigField[]> = {
  email: [{ key: "to", label: "To", hint: "Addresses, separated by commas.", list: true }],
  webhook: [
    { key: "url", label: "URL" },
    {
      key: "secret",
      label: "Signing secret",
      hint: "16+ characters; signs each delivery (x-vigil-signature).",
      secret: true,
      optional: true,
    },
  ],
  slack: [{ key: "webhookUrl", label: "Incoming webhook URL", secret: true }],
  discord: [{ key: "webhookUrl", label: "Webhook URL", secret: true }],
  telegram: [
    { key: "botToken", label: "Bot token", hint: "From BotFather, like 123456:ABC-DEF…", secret: true },
    { key: "chatId", label: "Chat id", hint: "A number, or @channelname." },
    { key: "apiBaseUrl", label: "API base URL", optional: true, hint: "Blank: https://api.telegram.org" },
  ],
  ntfy: [
    { key: "serverUrl", label: "Server URL", optional: true, hint: "Blank: https://ntfy.sh" },
    { key: "topic", label: "Topic" },
    { key: "token", label: "Access token", secret: true, optional: true },
  ],
  pagerduty: [
    { key: "routingKey", label: "Integration (routing) key", secret: true },
    { key: "eventsUrl", label: "Events API URL", optional: true, hint: "Blank: PagerDuty's" },
  ],
};

export const channelTypeLabels: Record<ChannelType, string> = {
  email: "Email",
  webhook: "Webhook",
  slack: "Slack",
  discord: "Discord",
  telegram: "Telegram",
  ntfy: "ntfy",
  pagerduty: "PagerDuty",
};

type Draft = { type: ChannelType; name: string; enabled: boolean; values: Record<string, string> };

function draftOf(channel?: Channel): Draft {
  if (!channel) return { type: "email", name: "", enabled: true, values: {} };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(channel.config)) {
    values[key] = Array.isArray(value)
      ? value.join(", ")
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  }
  return { type: channel.type, name: channel.name, enabled: channel.enabled, values };
}

/** The config object for the API: blanks of optional fields left out, lists split. */
export function configOf(draft: Draft, channel?: Channel): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of configFields[draft.type]) {
    const raw = (draft.values[field.key] ?? "").trim();
    if (raw === "" && field.optional) continue;
    config[field.key] = field.list ? raw.split(/[,\s]+/).filter(Boolean) : raw;
  }
  // Settings the form does not show (webhook headers) are sent back as stored, so an edit keeps them.
  if (channel) {
    for (const [key, value] of Object.entries(channel.config)) {
      if (!configFields[draft.type].some((f) => f.key === key)) config[key] = value;
    }
  }
  return config;
}

export function ChannelForm({
  channel,
  onSave,
  onCancel,
}: {
  channel?: Channel;
  onSave: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(channel));
  const fields = configFields[draft.type];
  const { submit, errors, busy } = useFormSubmit(async () => {
    const config = configOf(draft, channel);
    await onSave(
      channel
        ? { name: draft.name, enabled: draft.enabled, config }
        : { type: draft.type, name: draft.name, enabled: draft.enabled, config },
    );
  });
  const claimed = ["type", "name", "enabled", ...fields.map((f) => `config.${f.key}`)];
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={claimed} />
      <div className="grid-2">
        <SelectField
          label="Type"
          error={errorFor(errors, "type")}
          value={draft.type}
          disabled={Boolean(channel)}
          onChange={(e) => setDraft({ ...draft, type: e.target.value as ChannelType, values: {} })}
        >
          {channelTypes.map((t) => (
            <option key={t} value={t}>
              {channelTypeLabels[t]}
            </option>
          ))}
        </SelectField>
        <InputField
          label="Name"
          error={errorFor(errors, "name")}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </div>
      <div className="grid-2">
        {fields.map((field) => (
          <InputField
            key={field.key}
            label={field.label + (field.optional ? " (optional)" : "")}
            hint={field.hint}
            error={errorFor(errors, `config.${field.key}`)}
            type={field.secret ? "password" : "text"}
            autoComplete="off"
            value={draft.values[field.key] ?? ""}
            onChange={(e) => setDraft({ ...draft, values: { ...draft.values, [field.key]: e.target.value } })}
          />
        ))}
      </div>
      <Checkbox
        label="Enabled"
        checked={draft.enabled}
        onChange={(enabled) => setDraft({ ...draft, enabled })}
      />
      <SubmitCancel submitLabel={channel ? "Save" : "Add channel"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
