import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  createMonitorBody,
  listMonitorItemSchema,
  listMonitorsQuery,
  monitorSchema,
  updateMonitorBody,
} from "./monitor-schemas.js";
import type { MonitorService } from "./monitor-service.js";

export function registerMonitorRoutes(
  app: App,
  { auth, monitors }: { auth: AuthService; monitors: MonitorService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["monitors"];
  const notFound = { 404: errorResponse };

  app.post(
    "/api/monitor",
    {
      onRequest,
      schema: { tags, body: createMonitorBody, response: { 201: monitorSchema, 400: errorResponse } },
    },
    async (request, reply) =>
      reply.status(201).send(await monitors.create(caller(request).user.id, request.body)),
  );

  app.get(
    "/api/monitor",
    {
      onRequest,
      schema: { tags, querystring: listMonitorsQuery, response: { 200: page(listMonitorItemSchema) } },
    },
    async (request) => {
      const { limit, cursor, tag } = request.query;
      return monitors.list(caller(request).user.id, limit, cursor, tag);
    },
  );

  app.get(
    "/api/monitor/:id",
    { onRequest, schema: { tags, params: idParams, response: { 200: monitorSchema, ...notFound } } },
    async (request) => monitors.get(caller(request).user.id, request.params.id),
  );

  app.put(
    "/api/monitor/:id",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: updateMonitorBody,
        response: { 200: monitorSchema, ...notFound },
      },
    },
    async (request) => monitors.update(caller(request).user.id, request.params.id, request.body),
  );

  app.delete(
    "/api/monitor/:id",
    { onRequest, schema: { tags, params: idParams, response: { 204: z.null(), ...notFound } } },
    async (request, reply) => {
      await monitors.remove(caller(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
