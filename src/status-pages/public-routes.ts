import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import { NotFoundError } from "../http/errors.js";
import type { App } from "../http/types.js";
import { type PublicFormat, type PublicResponder, sendNotFoundHtml, sendPublic } from "./public-responses.js";
import { publicStatusSchema } from "./public-status-schema.js";
import { renderNotFoundHtml } from "./render-html.js";

const slugParams = z.strictObject({ slug: z.string().max(200) });

/** The request's own origin, unless PUBLIC_URL says where Vigil is reached. */
export const originOf = (request: FastifyRequest, publicUrl: string | undefined) =>
  publicUrl ?? `${request.protocol}://${request.host}`;

/** Serves a page in a format; HTML gets an HTML 404, the other formats the JSON error like the API. */
export async function servePublic(
  responder: PublicResponder,
  reply: Parameters<typeof sendPublic>[0],
  slug: string,
  format: PublicFormat,
  served: { origin: string; basePath: string },
) {
  try {
    return sendPublic(reply, await responder.respond(slug, format, served));
  } catch (err) {
    if (format === "html" && err instanceof NotFoundError)
      return sendNotFoundHtml(reply, renderNotFoundHtml());
    throw err;
  }
}

/** The public pages: no login, the app's normal rate limit, cached for a few seconds. */
export function registerPublicStatusRoutes(
  app: App,
  { responder, publicUrl }: { responder: PublicResponder; publicUrl: string | undefined },
) {
  const tags = ["status pages (public)"];
  const routes: { suffix: string; format: PublicFormat; description: string; ok?: z.ZodType }[] = [
    { suffix: "", format: "html", description: "The status page as HTML (no JavaScript needed)." },
    {
      suffix: "/status.json",
      format: "json",
      description: "Everything the status page shows, as JSON.",
      ok: publicStatusSchema,
    },
    { suffix: "/feed.atom", format: "atom", description: "The page's incidents and their updates (Atom)." },
    { suffix: "/feed.rss", format: "rss", description: "The page's incidents and their updates (RSS 2.0)." },
  ];
  for (const { suffix, format, description, ok } of routes) {
    app.get(
      `/status/:slug${suffix}`,
      {
        schema: {
          tags,
          description: `${description} Unpublished and unknown pages are 404. Cached for 5 s.`,
          security: [],
          params: slugParams,
          ...(ok ? { response: { 200: ok, 404: errorResponse } } : {}),
        },
      },
      async (request, reply) =>
        servePublic(responder, reply, request.params.slug, format, {
          origin: originOf(request, publicUrl),
          basePath: `/status/${request.params.slug}`,
        }),
    );
  }
}
