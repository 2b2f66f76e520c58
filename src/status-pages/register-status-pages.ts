import type { AuthService } from "../auth/auth-service.js";
import type { Database } from "../db/client.js";
import type { App } from "../http/types.js";
import { createTimelineService } from "../stats/timeline-service.js";
import { createDomainLookup, installCustomDomainHook } from "./custom-domain-hook.js";
import { createTxtLookup } from "./domain-verification.js";
import { createPageIncidentService } from "./page-incident-service.js";
import { createPublicResponder } from "./public-responses.js";
import { registerPublicStatusRoutes } from "./public-routes.js";
import { createPublicStatusService } from "./public-status-service.js";
import { registerStatusPageRoutes } from "./status-page-routes.js";
import { createStatusPageService } from "./status-page-service.js";

export type StatusPageOptions = {
  /** Where users reach Vigil (PUBLIC_URL), for absolute page URLs and feed links; absent: the request's origin. */
  publicUrl: string | undefined;
  /** DNS servers (host or host:port) asked for domain challenges; absent: the machine's resolvers. */
  dnsServers?: string[] | undefined;
};

/**
 * Status pages: the API under /api/status-pages, the public pages under /status/:slug, and the hook serving pages
 * on their verified custom domains. Register it before any catch-all route (the dashboard's), so the hook runs first.
 */
export function registerStatusPages(
  app: App,
  { db, auth, publicUrl, dnsServers }: { db: Database; auth: AuthService } & StatusPageOptions,
) {
  const publicStatus = createPublicStatusService(db, { timeline: createTimelineService(db) });
  const responder = createPublicResponder(publicStatus);
  const domains = createDomainLookup(publicStatus);
  const pageChanged = (pageId: string) => {
    responder.invalidate(pageId);
    domains.clear();
  };
  const pages = createStatusPageService(db, {
    publicUrl,
    txtLookup: createTxtLookup(dnsServers),
    onChange: pageChanged,
  });
  const incidents = createPageIncidentService(db, { onChange: (pageId) => responder.invalidate(pageId) });
  installCustomDomainHook(app, { responder, domains });
  registerStatusPageRoutes(app, { auth, pages, incidents });
  registerPublicStatusRoutes(app, { responder, publicUrl });
}
