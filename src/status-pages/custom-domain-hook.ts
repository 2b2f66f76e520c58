import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "../http/types.js";
import type { PublicFormat, PublicResponder } from "./public-responses.js";
import { servePublic } from "./public-routes.js";
import type { PublicStatusService } from "./public-status-service.js";
import { hostnamePattern } from "./status-page-schemas.js";
import { createTtlCache } from "./ttl-cache.js";

/** What a verified custom domain serves, by path. */
const domainPaths = new Map<string, PublicFormat>([
  ["/", "html"],
  ["/status.json", "json"],
  ["/feed.atom", "atom"],
  ["/feed.rss", "rss"],
]);

/**
 * Which published page a host serves (its slug), or null. Cached for a few seconds, misses too, so requests on
 * Vigil's own host cost a map lookup; names that cannot be a custom domain (IPs, localhost) never reach the database.
 */
export function createDomainLookup(status: PublicStatusService) {
  const cache = createTtlCache<string | null>({ ttlMs: 5_000, maxEntries: 10_000 });
  return {
    slugFor(host: string): Promise<string | null> {
      if (host.length > 253 || !hostnamePattern.test(host)) return Promise.resolve(null);
      return cache.get(host, async () => ({ value: (await status.findByDomain(host))?.slug ?? null }));
    },
    clear: () => cache.clear(),
  };
}

export type DomainLookup = ReturnType<typeof createDomainLookup>;

/**
 * Serves a status page at the root of its verified custom domain: an onRequest hook, so it runs before any route of
 * the app (the dashboard's `/` included) and acts only for GETs of the page's paths on such a host; every other
 * request falls through untouched. The app's rate limit, which routes apply in their own hooks, is applied here.
 */
export function installCustomDomainHook(
  app: App,
  { responder, domains }: { responder: PublicResponder; domains: DomainLookup },
) {
  const rateLimit = app.rateLimit();
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    const format = domainPaths.get(request.url.split("?")[0] ?? "");
    if (!format) return;
    const host = request.hostname.toLowerCase();
    const slug = await domains.slugFor(host);
    if (slug === null) return;
    await rateLimit.call(app, request, reply);
    await servePublic(responder, reply, slug, format, {
      origin: `${request.protocol}://${request.host}`,
      basePath: "",
    });
    return reply;
  });
}
