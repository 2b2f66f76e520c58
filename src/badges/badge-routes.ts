import type { FastifyReply } from "fastify";
import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { type BadgeService, responseTimeStats } from "./badge-service.js";
import { type Badge, renderBadge } from "./badge-svg.js";

const params = z.strictObject({ monitorId: z.uuid("monitorId must be a UUID") });

const label = z
  .string("label must be a string")
  .trim()
  .min(1, "label must not be empty")
  .max(100, "label must be at most 100 characters")
  .optional();

const days = (fallback: number) =>
  z.coerce
    .number("days must be a number")
    .int("days must be a whole number")
    .min(1, "days must be at least 1")
    .max(90, "days must be at most 90")
    .default(fallback);

function sendBadge(reply: FastifyReply, badge: Badge, labelOverride: string | undefined) {
  return reply
    .type("image/svg+xml; charset=utf-8")
    .header("cache-control", "public, max-age=60")
    .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
    .header("cross-origin-resource-policy", "cross-origin")
    .send(renderBadge({ ...badge, label: labelOverride ?? badge.label }));
}

/** Public SVG badges of monitors on a published status page; any other monitor is a 404. */
export function registerBadgeRoutes(app: App, { badges }: { badges: BadgeService }) {
  const tags = ["badges"];
  const common = { tags, security: [], params, response: { 400: errorResponse, 404: errorResponse } };

  app.get(
    "/badge/:monitorId/status.svg",
    {
      schema: {
        ...common,
        description: "The monitor's current status: up, degraded, down, pending, paused or maintenance.",
        querystring: z.strictObject({ label }),
      },
    },
    async (request, reply) =>
      sendBadge(reply, await badges.status(request.params.monitorId), request.query.label),
  );

  app.get(
    "/badge/:monitorId/uptime.svg",
    {
      schema: {
        ...common,
        description: "Uptime over the last `days` days (1-90, default 30).",
        querystring: z.strictObject({ days: days(30), label }),
      },
    },
    async (request, reply) =>
      sendBadge(
        reply,
        await badges.uptime(request.params.monitorId, request.query.days),
        request.query.label,
      ),
  );

  app.get(
    "/badge/:monitorId/response-time.svg",
    {
      schema: {
        ...common,
        description:
          "Response time over the last `days` days (1-90, default 1): the 95th percentile (stat=p95, the " +
          "default) or the mean (stat=mean), named in the label.",
        querystring: z.strictObject({
          days: days(1),
          stat: z.enum(responseTimeStats, "stat must be mean or p95").default("p95"),
          label,
        }),
      },
    },
    async (request, reply) => {
      const { days, stat, label } = request.query;
      return sendBadge(reply, await badges.responseTime(request.params.monitorId, days, stat), label);
    },
  );
}
