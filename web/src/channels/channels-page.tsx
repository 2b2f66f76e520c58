import { useState } from "react";
import { del, fetchAllPages, post, put } from "../api/client";
import type { Channel } from "../api/types";
import { useResource } from "../lib/use-resource";
import { Empty, ErrorBanner, PageHeader, useAction } from "../ui/controls";
import { EditDeleteActions, ResourceList } from "../ui/resource-list";
import { ChannelForm, channelTypeLabels } from "./channel-form";

function ChannelRow({ channel, onChanged }: { channel: Channel; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [tested, setTested] = useState<string>();
  const test = useAction(async () => {
    setTested(undefined);
    await post(`/api/notification-channels/${channel.id}/test`);
    setTested("Test message sent");
  });
  const toggle = useAction(async () => {
    await put(`/api/notification-channels/${channel.id}`, { enabled: !channel.enabled });
    onChanged();
  });
  if (editing) {
    return (
      <li className="list-item">
        <ChannelForm
          channel={channel}
          onCancel={() => setEditing(false)}
          onSave={async (body) => {
            await put(`/api/notification-channels/${channel.id}`, body);
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }
  return (
    <li className="list-item" data-channel-id={channel.id}>
      <div className="list-item-main">
        <strong>{channel.name}</strong>
        <span className="type-tag">{channelTypeLabels[channel.type]}</span>
        {channel.enabled ? null : <span className="badge badge-paused">Disabled</span>}
      </div>
      <div className="list-item-actions">
        <button type="button" className="button button-small" disabled={test.busy} onClick={() => test.run()}>
          {test.busy ? "Sending…" : "Send test"}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={toggle.busy}
          onClick={() => toggle.run()}
        >
          {channel.enabled ? "Disable" : "Enable"}
        </button>
        <EditDeleteActions
          name={channel.name}
          onEdit={() => setEditing(true)}
          onDelete={async () => {
            await del(`/api/notification-channels/${channel.id}`);
            onChanged();
          }}
        />
      </div>
      {tested ? (
        <p className="banner banner-ok" role="status">
          {tested}
        </p>
      ) : null}
      <ErrorBanner error={test.error ?? toggle.error} title={test.error ? "Test failed" : undefined} />
    </li>
  );
}

export function ChannelsPage() {
  const channels = useResource(() => fetchAllPages<Channel>("/api/notification-channels"), "channels");
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader title="Notification channels">
        {adding ? null : (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Add channel
          </button>
        )}
      </PageHeader>
      <p className="hint page-intro">
        Where alerts go when an incident opens or resolves. A monitor alerts every channel unless it names
        some.
      </p>
      {adding ? (
        <ChannelForm
          onCancel={() => setAdding(false)}
          onSave={async (body) => {
            await post("/api/notification-channels", body);
            setAdding(false);
            await channels.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={channels.error} />
      <ResourceList
        resource={channels}
        empty={
          <Empty title="No channels yet">
            <p className="hint">Add email, a webhook, Slack, Discord, Telegram, ntfy or PagerDuty.</p>
          </Empty>
        }
      >
        {(channel) => (
          <ChannelRow key={channel.id} channel={channel} onChanged={() => void channels.reload()} />
        )}
      </ResourceList>
    </>
  );
}
