import { randomBytes } from "node:crypto";

/** The pseudo-region of heartbeat results: pings arrive at the API, not from a region's workers. */
export const pushRegion = "push";

/** 144 random bits, URL-safe: the ping URL is the only credential a cron job needs, so it must not be guessable. */
export const newHeartbeatToken = (): string => randomBytes(18).toString("base64url");

export const heartbeatTokenPattern = /^[A-Za-z0-9_-]{24}$/;

export const pingPath = (token: string): string => `/api/heartbeat/${token}`;

/** When a heartbeat monitor is down unless a ping comes first: one period plus grace after `fromMs`. */
export const heartbeatDeadline = (
  fromMs: number,
  monitor: { intervalSeconds: number; graceSeconds: number },
): Date => new Date(fromMs + (monitor.intervalSeconds + monitor.graceSeconds) * 1000);
