import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  channelSchema,
  createChannelBody,
  listChannelsQuery,
  listNotificationsQuery,
  notificationSchema,
  testResultSchema,
  updateChannelBody,
} from "./channel-schemas.js";
import type { ChannelService } from "./channel-service.js";
import type { OutboxService } from "./outbox-service.js";

export function registerChannelRoutes(
  app: App,
  { auth, channels, outbox }: { auth: AuthService; channels: ChannelService; outbox: OutboxService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["notifications"];
  const notFound = { 404: errorResponse };

  app.post(
    "/api/notification-channels",
    {
      onRequest,
      schema: { tags, body: createChannelBody, response: { 201: channelSchema, 400: errorResponse } },
    },
    async (request, reply) =>
      reply.status(201).send(await channels.create(caller(request).user.id, request.body)),
  );

  app.get(
    "/api/notification-channels",
    { onRequest, schema: { tags, querystring: listChannelsQuery, response: { 200: page(channelSchema) } } },
    async (request) => channels.list(caller(request).user.id, request.query.limit, request.query.cursor),
  );

  app.get(
    "/api/notification-channels/:id",
    { onRequest, schema: { tags, params: idParams, response: { 200: channelSchema, ...notFound } } },
    async (request) => channels.get(caller(request).user.id, request.params.id),
  );

  app.put(
    "/api/notification-channels/:id",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: updateChannelBody,
        response: { 200: channelSchema, ...notFound },
      },
    },
    async (request) => channels.update(caller(request).user.id, request.params.id, request.body),
  );

  app.delete(
    "/api/notification-channels/:id",
    { onRequest, schema: { tags, params: idParams, response: { 204: z.null(), ...notFound } } },
    async (request, reply) => {
      await channels.remove(caller(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/notification-channels/:id/test",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        response: { 200: testResultSchema, 502: errorResponse, ...notFound },
      },
    },
    async (request) => channels.test(caller(request).user.id, request.params.id),
  );

  app.get(
    "/api/notifications",
    {
      onRequest,
      schema: { tags, querystring: listNotificationsQuery, response: { 200: page(notificationSchema) } },
    },
    async (request) => outbox.list(caller(request).user.id, request.query),
  );
}
