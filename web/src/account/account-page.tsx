import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { post, put } from "../api/client";
import { errorFor, type FieldErrors, fieldErrorsOf } from "../api/field-errors";
import type { User } from "../api/types";
import { ErrorBanner, PageHeader } from "../ui/controls";
import { InputField, OneTimeCodeField, PasswordField, UnclaimedErrors } from "../ui/fields";
import { useAuth } from "./auth-context";

/** A small form that posts and shows its field errors and a confirmation. */
function useForm<T extends Record<string, string>>(initial: T, save: (values: T) => Promise<string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setDone(undefined);
    setBusy(true);
    try {
      setDone(await save(values));
    } catch (err) {
      setErrors(fieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  const bind = (key: keyof T & string) => ({
    value: values[key],
    error: errorFor(errors, key),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });
  return { values, setValues, errors, done, busy, submit, bind };
}

function Profile({ user }: { user: User }) {
  const { setUser } = useAuth();
  const form = useForm({ name: user.name, email: user.email }, async (values) => {
    const answer = await put<{ user: User } | User>("/api/auth/me", values);
    setUser("user" in answer ? answer.user : answer);
    return "Profile saved.";
  });
  return (
    <form className="form card" onSubmit={form.submit} noValidate>
      <h2>Profile</h2>
      <UnclaimedErrors errors={form.errors} claimed={["name", "email"]} />
      {form.done ? <p className="banner banner-ok">{form.done}</p> : null}
      <div className="grid-2">
        <InputField label="Name" autoComplete="name" {...form.bind("name")} />
        <InputField label="Email" type="email" autoComplete="email" {...form.bind("email")} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.busy}>
          Save profile
        </button>
      </div>
    </form>
  );
}

function Password() {
  const form = useForm({ currentPassword: "", newPassword: "" }, async (values) => {
    await post("/api/auth/password", values);
    form.setValues({ currentPassword: "", newPassword: "" });
    return "Password changed.";
  });
  return (
    <form className="form card" onSubmit={form.submit} noValidate>
      <h2>Password</h2>
      <UnclaimedErrors errors={form.errors} claimed={["currentPassword", "newPassword"]} />
      {form.done ? <p className="banner banner-ok">{form.done}</p> : null}
      <div className="grid-2">
        <PasswordField
          label="Current password"
          autoComplete="current-password"
          {...form.bind("currentPassword")}
        />
        <PasswordField
          label="New password"
          hint="At least 8 characters."
          autoComplete="new-password"
          {...form.bind("newPassword")}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.busy}>
          Change password
        </button>
      </div>
    </form>
  );
}

function TwoFactor({ user }: { user: User }) {
  const { setUser } = useAuth();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string }>();
  const [setupError, setSetupError] = useState<unknown>();
  const enable = useForm({ code: "" }, async (values) => {
    await post("/api/auth/totp/enable", values);
    setSetup(undefined);
    setUser({ ...user, totpEnabled: true });
    return "Two-factor authentication is on: sign-ins now ask for a code.";
  });
  const disable = useForm({ password: "", code: "" }, async (values) => {
    await post("/api/auth/totp/disable", values);
    setUser({ ...user, totpEnabled: false });
    return "Two-factor authentication is off.";
  });
  const start = async () => {
    setSetupError(undefined);
    try {
      setSetup(await post<{ secret: string; otpauthUrl: string }>("/api/auth/totp/setup"));
    } catch (err) {
      setSetupError(err);
    }
  };
  // Servers that do not report totpEnabled get both choices.
  const canEnable = user.totpEnabled !== true;
  const canDisable = user.totpEnabled !== false;
  return (
    <section className="card">
      <h2>Two-factor authentication</h2>
      {enable.done ? <p className="banner banner-ok">{enable.done}</p> : null}
      {disable.done ? <p className="banner banner-ok">{disable.done}</p> : null}
      <ErrorBanner error={setupError} />
      {canEnable && !setup ? (
        <button type="button" className="button" onClick={start}>
          Set up an authenticator app
        </button>
      ) : null}
      {setup ? (
        <form className="form" onSubmit={enable.submit} noValidate>
          <p>
            Add this account to your authenticator app: open <a href={setup.otpauthUrl}>this link</a> on your
            phone, or enter the key <code className="mono totp-secret">{setup.secret}</code> by hand. Then
            type the code it shows.
          </p>
          <UnclaimedErrors errors={enable.errors} claimed={["code"]} />
          <OneTimeCodeField label="Code" {...enable.bind("code")} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={enable.busy}>
              Turn on
            </button>
          </div>
        </form>
      ) : null}
      {canDisable ? (
        <form className="form" onSubmit={disable.submit} noValidate>
          <h3 className="subhead">Turn off</h3>
          <UnclaimedErrors errors={disable.errors} claimed={["password", "code"]} />
          <div className="grid-2">
            <PasswordField label="Password" autoComplete="current-password" {...disable.bind("password")} />
            <OneTimeCodeField label="Code" {...disable.bind("code")} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={disable.busy}>
              Turn off two-factor authentication
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function AccountPage() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <>
      <PageHeader title="Account" />
      <p className="hint page-intro">
        Signed in as {user.email} ({user.role}).
      </p>
      <Profile user={user} />
      <Password />
      <TwoFactor user={user} />
      <section className="card">
        <h2>API tokens</h2>
        <p>
          For scripts and the command line (<code>vigil apply</code>, <code>vigil import</code>): a token acts
          as you without your password.
        </p>
        <Link href="/account/tokens" className="button">
          Manage API tokens
        </Link>
      </section>
    </>
  );
}
