import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useAuth } from "../account/auth-context";
import { useLiveMode } from "../live/live-context";

const liveLabels = {
  live: "Live",
  connecting: "Connecting…",
  polling: "Refreshing every 10 s",
} as const;

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active =
    href === "/" ? location === "/" || location.startsWith("/monitors") : location.startsWith(href);
  return (
    <Link
      href={href}
      className={active ? "nav-link active" : "nav-link"}
      aria-current={active ? "page" : undefined}
    >
      {children}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, logout } = useAuth();
  const mode = useLiveMode();
  const [, navigate] = useLocation();
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Vigil</span>
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink href="/">Monitors</NavLink>
          <NavLink href="/incidents">Incidents</NavLink>
          <NavLink href="/maintenance">Maintenance</NavLink>
          <NavLink href="/channels">Notifications</NavLink>
          <NavLink href="/status-pages">Status pages</NavLink>
          {user?.role === "admin" ? (
            <>
              <NavLink href="/system">Regions & queue</NavLink>
              <NavLink href="/users">Users</NavLink>
            </>
          ) : null}
        </nav>
        <div className="topbar-end">
          <span className={`live live-${mode}`} title={liveLabels[mode]} data-live={mode}>
            <span className="live-dot" aria-hidden="true" />
            <span className="live-label">{liveLabels[mode]}</span>
          </span>
          <Link href="/account" className="nav-link" title={user?.email}>
            {user?.name ?? "Account"}
          </Link>
          <button
            type="button"
            className="button button-ghost"
            onClick={async () => {
              await logout();
              navigate("/login", { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
