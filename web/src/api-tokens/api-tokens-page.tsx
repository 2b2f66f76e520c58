import { useState } from "react";
import { Link } from "wouter";
import { del, fetchAllPages } from "../api/client";
import type { ApiToken, CreatedApiToken } from "../api/types";
import { formatDateTime, formatRelative } from "../lib/format";
import { useNow, useResource } from "../lib/use-resource";
import { ConfirmButton, Empty, ErrorBanner, PageHeader } from "../ui/controls";
import { ResourceList } from "../ui/resource-list";
import { NewToken, TokenForm } from "./token-form";

function expiryText(token: ApiToken, now: number): string {
  if (!token.expiresAt) return "never expires";
  return `${Date.parse(token.expiresAt) <= now ? "expired" : "expires"} ${formatDateTime(token.expiresAt)}`;
}

function TokenRow({ token, now, onRevoked }: { token: ApiToken; now: number; onRevoked: () => void }) {
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
  return (
    <li className="list-item" data-token-id={token.id}>
      <div className="list-item-main">
        <strong>{token.name}</strong>
        <code className="mono" title="The start of the token">
          {token.prefix}…
        </code>
        {expired ? <span className="badge">Expired</span> : null}
        <span className="hint">
          Created {formatDateTime(token.createdAt)} · {expiryText(token, now)} ·{" "}
          {token.lastUsedAt ? `last used ${formatRelative(token.lastUsedAt, now)}` : "never used"}
        </span>
      </div>
      <div className="list-item-actions">
        <ConfirmButton
          className="button button-small button-danger"
          label="Revoke"
          question={`Revoke ${token.name}? Anything using it stops working.`}
          confirmLabel="Yes, revoke"
          onConfirm={async () => {
            await del(`/api/tokens/${token.id}`);
            onRevoked();
          }}
        />
      </div>
    </li>
  );
}

/** Personal API tokens for scripts and the CLI: create (the secret shown once), list, revoke. */
export function ApiTokensPage() {
  const tokens = useResource(() => fetchAllPages<ApiToken>("/api/tokens"), "api-tokens");
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken>();
  const now = useNow(60_000);
  return (
    <>
      <PageHeader title="API tokens">
        <Link href="/account" className="button">
          Account
        </Link>
        {adding ? null : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setCreated(undefined);
              setAdding(true);
            }}
          >
            New token
          </button>
        )}
      </PageHeader>
      <div className="hint page-intro">
        <p>
          A token lets scripts and the <code>vigil</code> command line (<code>vigil apply</code>,{" "}
          <code>vigil export</code>, <code>vigil import</code>) act as you, sent as{" "}
          <code>Authorization: Bearer vgl_…</code>. It can do what you can, except create tokens. For the CLI:
        </p>
        <pre className="code-block">
          VIGIL_URL={window.location.origin} VIGIL_TOKEN=vgl_… vigil apply monitors.yaml
        </pre>
        <p>
          <code>vigil apply</code> prints the plan; add <code>--yes</code> to carry it out.
        </p>
      </div>
      {created ? <NewToken created={created} onClose={() => setCreated(undefined)} /> : null}
      {adding ? (
        <TokenForm
          onCancel={() => setAdding(false)}
          onCreated={(answer) => {
            setAdding(false);
            setCreated(answer);
            void tokens.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={tokens.error} />
      <ResourceList
        resource={tokens}
        label="API tokens"
        empty={
          <Empty title="No API tokens">
            <p className="hint">Create one for each script or machine, so you can revoke them one by one.</p>
          </Empty>
        }
      >
        {(token) => (
          <TokenRow key={token.id} token={token} now={now} onRevoked={() => void tokens.reload()} />
        )}
      </ResourceList>
    </>
  );
}
