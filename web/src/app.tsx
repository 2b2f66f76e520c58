import { type ComponentType, lazy, Suspense } from "react";
import { Redirect, Route, Switch, useLocation, useSearch } from "wouter";
import { useAuth } from "./account/auth-context";
import { ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage } from "./account/auth-pages";
import { LiveProvider } from "./live/live-context";
import { MonitorListPage } from "./monitors/monitor-list-page";
import { MonitorStoreProvider } from "./monitors/monitor-store-context";
import { Empty, Loading } from "./ui/controls";
import { Layout } from "./ui/layout";

/** A page in its own chunk, loaded on first visit: the list and sign-in stay small (uPlot only loads with charts). */
function page<M>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const MonitorPage = page(() => import("./monitor-page/monitor-page"), "MonitorPage");
const CreateMonitorPage = page(() => import("./monitors/monitor-form-page"), "CreateMonitorPage");
const EditMonitorPage = page(() => import("./monitors/monitor-form-page"), "EditMonitorPage");
const IncidentsPage = page(() => import("./incidents/incidents-page"), "IncidentsPage");
const ChannelsPage = page(() => import("./channels/channels-page"), "ChannelsPage");
const MaintenancePage = page(() => import("./maintenance/maintenance-page"), "MaintenancePage");
const StatusPagesPage = page(() => import("./status-pages/status-pages-page"), "StatusPagesPage");
const SystemPage = page(() => import("./admin/system-page"), "SystemPage");
const UsersPage = page(() => import("./admin/users-page"), "UsersPage");
const AccountPage = page(() => import("./account/account-page"), "AccountPage");
const ApiTokensPage = page(() => import("./api-tokens/api-tokens-page"), "ApiTokensPage");

function SignedOut() {
  const [location] = useLocation();
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
      <Route path="/signup" component={SignupPage} />
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route>
        <Redirect to={location === "/" ? "/login" : `/login?next=${encodeURIComponent(location)}`} replace />
      </Route>
    </Switch>
  );
}

/** Signed in on a sign-in page: on to where the user was going (a path of ours only). */
function AfterSignIn() {
  const next = new URLSearchParams(useSearch()).get("next");
  return <Redirect to={next?.startsWith("/") && !next.startsWith("//") ? next : "/"} replace />;
}

function SignedIn({ admin }: { admin: boolean }) {
  return (
    <LiveProvider>
      <MonitorStoreProvider>
        <Layout>
          <Suspense fallback={<Loading />}>
            <Switch>
              <Route path="/" component={MonitorListPage} />
              <Route path="/monitors/new" component={CreateMonitorPage} />
              <Route path="/monitors/:id/edit" component={EditMonitorPage} />
              <Route path="/monitors/:id" component={MonitorPage} />
              <Route path="/incidents" component={IncidentsPage} />
              <Route path="/channels" component={ChannelsPage} />
              <Route path="/maintenance" component={MaintenancePage} />
              <Route path="/status-pages" component={StatusPagesPage} />
              <Route path="/account" component={AccountPage} />
              <Route path="/account/tokens" component={ApiTokensPage} />
              {admin ? <Route path="/system" component={SystemPage} /> : null}
              {admin ? <Route path="/users" component={UsersPage} /> : null}
              {["/login", "/signup", "/reset-password", "/forgot-password"].map((path) => (
                <Route key={path} path={path} component={AfterSignIn} />
              ))}
              <Route>
                <Empty title="Nothing here">
                  <p>This page does not exist.</p>
                </Empty>
              </Route>
            </Switch>
          </Suspense>
        </Layout>
      </MonitorStoreProvider>
    </LiveProvider>
  );
}

export function App() {
  const { user } = useAuth();
  if (user === undefined) return <Loading label="Starting…" />;
  // A new session (another user) gets fresh state: the key remounts the signed-in tree.
  return user ? <SignedIn key={user.id} admin={user.role === "admin"} /> : <SignedOut />;
}
