import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import type { EventBus } from "./event-bus.js";
import { openEventStream } from "./event-stream.js";

/** What the API process streams from: its bus, and the stream settings tests shorten. */
export type LiveOptions = {
  bus: EventBus;
  /** Default 15 s. */
  pingIntervalMs?: number;
  /** Default 1 MiB. */
  maxBufferedBytes?: number;
};

export type LiveRouteDeps = LiveOptions & { auth: AuthService };

/** GET /api/events: the caller's live events as Server-Sent Events (src/live/live-events.ts lists them). */
export function registerLiveRoutes(app: App, deps: LiveRouteDeps) {
  const options = {
    pingIntervalMs: deps.pingIntervalMs ?? 15_000,
    maxBufferedBytes: deps.maxBufferedBytes ?? 1024 * 1024,
  };
  const open = new Set<() => void>();
  // Before the server waits for its connections to end: an open stream never would.
  app.addHook("preClose", async () => {
    for (const close of open) close();
  });

  app.get(
    "/api/events",
    {
      onRequest: requireAuth(deps.auth),
      schema: {
        tags: ["live"],
        summary: "Live updates of your monitors and incidents (text/event-stream)",
        description:
          "Events `monitor`, `incident` and `monitor-changed`, each with a JSON `data` line; a `: ping` comment every 15 s.",
        response: {
          200: {
            description: "The event stream; it stays open until the client or the server ends it",
            content: { "text/event-stream": { schema: z.string() } },
          },
          401: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const userId = caller(request).user.id;
      // The stream is written by hand from here on; Fastify neither serializes nor ends it.
      reply.hijack();
      let unsubscribe: () => void = () => undefined;
      const stream = openEventStream(
        reply.raw,
        { ...reply.getHeaders(), "x-request-id": request.id },
        options,
        () => {
          unsubscribe();
          open.delete(stream.close);
        },
      );
      open.add(stream.close);
      unsubscribe = deps.bus.subscribe(userId, (events) => stream.send(events));
      return reply;
    },
  );
}
