import { useState } from "react";
import { post } from "../api/client";
import { errorFor } from "../api/field-errors";
import type { CreatedApiToken } from "../api/types";
import { InputField, SelectField, SubmitCancel, UnclaimedErrors } from "../ui/fields";
import { useFormSubmit } from "../ui/use-form-submit";

export const expiryChoices = { never: null, "30": 30, "90": 90, "365": 365 } as const;
export type ExpiryChoice = keyof typeof expiryChoices;
const expiryLabels: Record<ExpiryChoice, string> = {
  never: "Never",
  "30": "In 30 days",
  "90": "In 90 days",
  "365": "In a year",
};

/** The expiresAt to send: `days` from `nowMs` as an ISO date-time, or none (the token lives until revoked). */
export function expiresAtFor(choice: ExpiryChoice, nowMs: number): string | undefined {
  const days = expiryChoices[choice];
  return days === null ? undefined : new Date(nowMs + days * 86_400_000).toISOString();
}

export function TokenForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: CreatedApiToken) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<ExpiryChoice>("90");
  const { submit, errors, busy } = useFormSubmit(async () => {
    const body = { name, expiresAt: expiresAtFor(expiry, Date.now()) };
    onCreated(await post<CreatedApiToken>("/api/tokens", body));
  });
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={["name", "expiresAt"]} />
      <div className="grid-2">
        <InputField
          label="Name"
          error={errorFor(errors, "name")}
          hint="What uses it, e.g. CI deploy."
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <SelectField
          label="Expires"
          error={errorFor(errors, "expiresAt")}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}
        >
          {(Object.keys(expiryChoices) as ExpiryChoice[]).map((choice) => (
            <option key={choice} value={choice}>
              {expiryLabels[choice]}
            </option>
          ))}
        </SelectField>
      </div>
      <SubmitCancel submitLabel={"Create token"} busy={busy} onCancel={onCancel} />
    </form>
  );
}

/**
 * The new token's secret, shown this once: the API keeps only its hash, and closing the panel drops the secret
 * from the page.
 */
export function NewToken({ created, onClose }: { created: CreatedApiToken; onClose: () => void }) {
  const [copied, setCopied] = useState<"copied" | "failed">();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("copied");
    } catch {
      // No clipboard (an http:// page) or permission refused: the field stays selectable by hand.
      setCopied("failed");
    }
  };
  return (
    <section className="card new-token" aria-label="New API token" data-token-id={created.apiToken.id}>
      <h2>{created.apiToken.name}: your new token</h2>
      <p className="banner banner-ok" role="status">
        Copy it now: you won't see it again. Vigil keeps only a hash of it.
      </p>
      <div className="new-token-value">
        <input
          className="mono"
          readOnly
          aria-label="Token"
          value={created.token}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="button button-primary" onClick={copy}>
          {copied === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      {copied === "failed" ? (
        <p className="field-error">The browser would not copy it: select the token and copy it by hand.</p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
