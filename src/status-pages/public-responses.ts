import type { FastifyReply } from "fastify";
import { NotFoundError } from "../http/errors.js";
import type { PublicStatusService } from "./public-status-service.js";
import { renderAtom, renderRss } from "./render-feeds.js";
import { renderStatusHtml } from "./render-html.js";
import { createTtlCache } from "./ttl-cache.js";

export type PublicFormat = "html" | "json" | "atom" | "rss";

/** Where a page is being served: the origin for the feeds' absolute links, and its path on that origin. */
export type Served = { origin: string; basePath: string };

type PublicResponse = { contentType: string; body: string };

export const publicCacheSeconds = 5;

const contentTypes: Record<PublicFormat, string> = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
};

/** Only the page's own inline style and http(s) images (its logo); nothing else loads and nothing runs. */
const htmlPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * Renders published pages, each format cached for a few seconds per slug (and, for feeds, per origin: their links
 * are absolute). A page's entries are dropped when it or its incidents change through the API.
 */
export function createPublicResponder(status: PublicStatusService, { now }: { now?: () => number } = {}) {
  const cache = createTtlCache<PublicResponse>({
    ttlMs: publicCacheSeconds * 1000,
    maxEntries: 10_000,
    ...(now ? { now } : {}),
  });

  async function render(slug: string, format: PublicFormat, served: Served) {
    const page = await status.findBySlug(slug);
    if (!page) throw new NotFoundError("Status page");
    let body: string;
    switch (format) {
      case "html":
        body = renderStatusHtml(await status.statusOf(page), served.basePath);
        break;
      case "json":
        body = JSON.stringify(await status.statusOf(page));
        break;
      case "atom":
      case "rss": {
        const source = {
          pageId: page.id,
          title: page.title,
          pageUrl: `${served.origin}${served.basePath || "/"}`,
          selfUrl: `${served.origin}${served.basePath}/feed.${format}`,
          updatedAt: page.updatedAt.toISOString(),
          incidents: await status.feedOf(page),
        };
        body = format === "atom" ? renderAtom(source) : renderRss(source);
        break;
      }
    }
    return { value: { contentType: contentTypes[format], body }, tag: page.id };
  }

  return {
    /** The page's response in `format`; NotFoundError when no published page has this slug. */
    respond(slug: string, format: PublicFormat, served: Served): Promise<PublicResponse> {
      const origin = format === "atom" || format === "rss" ? served.origin : "";
      return cache.get(`${format} ${origin}${served.basePath} ${slug}`, () => render(slug, format, served));
    },

    invalidate: (pageId: string) => cache.dropTag(pageId),
  };
}

export type PublicResponder = ReturnType<typeof createPublicResponder>;

/** Public headers: cacheable briefly anywhere, readable from any origin, and a strict policy for the HTML. */
export function sendPublic(reply: FastifyReply, response: PublicResponse, statusCode = 200) {
  reply
    .code(statusCode)
    .type(response.contentType)
    .header("cache-control", `public, max-age=${publicCacheSeconds}`)
    .header("access-control-allow-origin", "*")
    .header("cross-origin-resource-policy", "cross-origin");
  if (response.contentType.startsWith("text/html")) reply.header("content-security-policy", htmlPolicy);
  return reply.send(response.body);
}

export function sendNotFoundHtml(reply: FastifyReply, body: string) {
  return reply
    .code(404)
    .type(contentTypes.html)
    .header("cache-control", "no-store")
    .header("content-security-policy", htmlPolicy)
    .send(body);
}
