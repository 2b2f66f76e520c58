import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  createMaintenanceBody,
  listMaintenanceQuery,
  maintenanceSchema,
  updateMaintenanceBody,
} from "./maintenance-schemas.js";
import type { MaintenanceService } from "./maintenance-service.js";

export function registerMaintenanceRoutes(
  app: App,
  { auth, maintenance }: { auth: AuthService; maintenance: MaintenanceService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["maintenance"];
  const notFound = { 404: errorResponse };

  app.post(
    "/api/maintenance-windows",
    {
      onRequest,
      schema: { tags, body: createMaintenanceBody, response: { 201: maintenanceSchema, 400: errorResponse } },
    },
    async (request, reply) =>
      reply.status(201).send(await maintenance.create(caller(request).user.id, request.body)),
  );

  app.get(
    "/api/maintenance-windows",
    {
      onRequest,
      schema: { tags, querystring: listMaintenanceQuery, response: { 200: page(maintenanceSchema) } },
    },
    async (request) => maintenance.list(caller(request).user.id, request.query),
  );

  app.get(
    "/api/maintenance-windows/:id",
    { onRequest, schema: { tags, params: idParams, response: { 200: maintenanceSchema, ...notFound } } },
    async (request) => maintenance.get(caller(request).user.id, request.params.id),
  );

  app.put(
    "/api/maintenance-windows/:id",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: updateMaintenanceBody,
        response: { 200: maintenanceSchema, 400: errorResponse, ...notFound },
      },
    },
    async (request) => maintenance.update(caller(request).user.id, request.params.id, request.body),
  );

  app.delete(
    "/api/maintenance-windows/:id",
    { onRequest, schema: { tags, params: idParams, response: { 204: z.null(), ...notFound } } },
    async (request, reply) => {
      await maintenance.remove(caller(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
