import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { post } from "../api/client";
import { errorFor } from "../api/field-errors";
import { ErrorBanner } from "../ui/controls";
import { InputField, OneTimeCodeField, PasswordField, UnclaimedErrors } from "../ui/fields";
import { useFormSubmit } from "../ui/use-form-submit";
import { useAuth } from "./auth-context";

function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>Vigil</span>
        </div>
        <h1>{title}</h1>
        {children}
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </div>
    </main>
  );
}

/** Where to go after signing in: the page that sent us here, if it is one of ours. */
function useNext(): string {
  const next = new URLSearchParams(useSearch()).get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const { login, options } = useAuth();
  const [, navigate] = useLocation();
  const next = useNext();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [totpCode, setTotpCode] = useState("");
  const [needsTotp, setNeedsTotp] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await login(email, password, needsTotp ? totpCode : undefined);
      if (outcome === "totp") {
        if (needsTotp) setError("That code is not valid: try the current one");
        setNeedsTotp(true);
      } else {
        navigate(next, { replace: true });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          {options.signupOpen ? (
            <p>
              New here? <Link href="/signup">Create an account</Link>
            </p>
          ) : null}
          {options.passwordReset ? (
            <p>
              <Link href="/forgot-password">Forgot your password?</Link>
            </p>
          ) : null}
        </>
      }
    >
      <form onSubmit={submit} className="form" noValidate>
        <ErrorBanner error={error} />
        <InputField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {needsTotp ? (
          <OneTimeCodeField
            label="Authentication code"
            hint="The 6-digit code from your authenticator app."
            pattern="[0-9]*"
            maxLength={8}
            // The code field appears after the password was accepted, so it takes the focus.
            autoFocus
            value={totpCode}
            onChange={(e) => setTotpCode(e.target.value.trim())}
          />
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthCard>
  );
}

const signupFields = ["email", "name", "password"] as const;

export function SignupPage() {
  const { signup, options } = useAuth();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({ email: "", name: "", password: "" });
  const { submit, errors, busy } = useFormSubmit(async () => {
    await signup(form);
    navigate("/", { replace: true });
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <AuthCard
      title="Create your account"
      footer={
        <p>
          Already have one? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      {options.signupOpen ? null : (
        <p className="banner">Sign-up is closed on this server: ask an admin to create your account.</p>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <UnclaimedErrors errors={errors} claimed={signupFields} />
        <InputField
          label="Name"
          error={errorFor(errors, "name")}
          autoComplete="name"
          value={form.name}
          onChange={set("name")}
        />
        <InputField
          label="Email"
          error={errorFor(errors, "email")}
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set("email")}
        />
        <PasswordField
          label="Password"
          error={errorFor(errors, "password")}
          hint="At least 8 characters."
          autoComplete="new-password"
          value={form.password}
          onChange={set("password")}
        />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await post("/api/auth/password-reset/request", { email });
      setSent(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <AuthCard
      title="Reset your password"
      footer={
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      }
    >
      {sent ? (
        <p className="banner banner-ok" role="status">
          If an account uses {email}, a message with a reset link is on its way.
        </p>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          <ErrorBanner error={error} />
          <InputField
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <button type="submit" className="button button-primary button-block">
            Send reset link
          </button>
        </form>
      )}
    </AuthCard>
  );
}

export function ResetPasswordPage() {
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const { submit, errors } = useFormSubmit(async () => {
    await post("/api/auth/password-reset/confirm", { token, newPassword: password });
    setDone(true);
  });
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      }
    >
      {!token ? (
        <ErrorBanner error="This link has no reset token: open the link from the email again." />
      ) : null}
      {done ? (
        <p className="banner banner-ok" role="status">
          Your password is changed. <Link href="/login">Sign in</Link> with it.
        </p>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          <UnclaimedErrors errors={errors} claimed={["newPassword"]} />
          <PasswordField
            label="New password"
            error={errorFor(errors, "newPassword")}
            hint="At least 8 characters."
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="button button-primary button-block" disabled={!token}>
            Set password
          </button>
        </form>
      )}
    </AuthCard>
  );
}
