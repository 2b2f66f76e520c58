import type { Call } from "./test-app.js";

/** A request that must fail with a clear 4xx: the status, the error code and part of the message. */
export type BadInput = {
  name: string;
  method: string;
  path: string | (() => string);
  call?: Omit<Call, "token">;
  anonymous?: true;
  status: number;
  code: string;
  /** Part of the message the caller sees, so the error says what was wrong. */
  message?: RegExp;
};

/** A POST /api/monitor body that must fail validation, with part of the message when given. */
export const create = (body: unknown, message?: RegExp): Omit<BadInput, "name"> => ({
  method: "POST",
  path: "/api/monitor",
  call: { body },
  status: 400,
  code: "validation_error",
  ...(message ? { message } : {}),
});
/** Monitor bodies POST /api/monitor must refuse, one per rule: fields, types, assertions and check types. */
export const badMonitorCreates: BadInput[] = [
  { name: "missing url", ...create({ name: "x" }, /url/) },
  { name: "url not a string", ...create({ url: 42 }, /url/) },
  { name: "ftp url", ...create({ url: "ftp://example.com" }, /http/) },
  { name: "relative url", ...create({ url: "/health" }, /url/) },
  { name: "javascript url", ...create({ url: "javascript:alert(1)" }, /url/) },
  { name: "url too long", ...create({ url: `https://a.io/${"a".repeat(2100)}` }, /2048/) },
  { name: "unknown field", ...create({ url: "https://a.io", retries: 3 }, /retries/) },
  { name: "interval too short", ...create({ url: "https://a.io", intervalSeconds: 10 }, /intervalSeconds/) },
  {
    name: "interval too long",
    ...create({ url: "https://a.io", intervalSeconds: 90_000 }, /intervalSeconds/),
  },
  {
    name: "interval not whole",
    ...create({ url: "https://a.io", intervalSeconds: 60.5 }, /intervalSeconds/),
  },
  {
    name: "interval as string",
    ...create({ url: "https://a.io", intervalSeconds: "60" }, /intervalSeconds/),
  },
  { name: "timeout over 60 s", ...create({ url: "https://a.io", timeoutMs: 60_001 }, /timeoutMs/) },
  {
    name: "timeout longer than interval",
    ...create({ url: "https://a.io", intervalSeconds: 30, timeoutMs: 45_000 }, /timeoutMs/),
  },
  { name: "unknown method", ...create({ url: "https://a.io", method: "FETCH" }, /method/) },
  { name: "lower-case method", ...create({ url: "https://a.io", method: "get" }, /method/) },
  {
    name: "expectedStatus out of range",
    ...create({ url: "https://a.io", expectedStatus: "200-700" }, /100-599/),
  },
  {
    name: "expectedStatus reversed range",
    ...create({ url: "https://a.io", expectedStatus: "299-200" }, /reversed/),
  },
  {
    name: "expectedStatus garbage",
    ...create({ url: "https://a.io", expectedStatus: "ok" }, /expectedStatus/),
  },
  {
    name: "expectedStatus as number",
    ...create({ url: "https://a.io", expectedStatus: 200 }, /expectedStatus/),
  },
  {
    name: "header with line break",
    ...create({ url: "https://a.io", headers: { "X-A": "a\r\nX-B: b" } }, /line breaks/),
  },
  {
    name: "header name with space",
    ...create({ url: "https://a.io", headers: { "Bad Name": "v" } }, /header names/),
  },
  {
    name: "header value not a string",
    ...create({ url: "https://a.io", headers: { "X-A": 1 } }, /header values/),
  },
  { name: "headers as array", ...create({ url: "https://a.io", headers: ["X-A: 1"] }) },
  { name: "empty regions", ...create({ url: "https://a.io", regions: [] }, /at least one region/) },
  { name: "repeated region", ...create({ url: "https://a.io", regions: ["local", "local"] }, /repeat/) },
  { name: "unknown region", ...create({ url: "https://a.io", regions: ["nowhere"] }, /nowhere/) },
  { name: "region name with capitals", ...create({ url: "https://a.io", regions: ["EU"] }, /lowercase/) },
  { name: "paused as string", ...create({ url: "https://a.io", paused: "yes" }, /paused/) },
  { name: "empty name", ...create({ url: "https://a.io", name: "   " }, /name/) },
  {
    name: "unknown assertion type",
    ...create({ url: "https://a.io", assertions: [{ type: "vibes", value: "good" }] }),
  },
  {
    name: "status assertion with bad ranges",
    ...create({ url: "https://a.io", assertions: [{ type: "status", ranges: "200-700" }] }, /100-599/),
  },
  {
    name: "jsonPath with unknown operator",
    ...create({
      url: "https://a.io",
      assertions: [{ type: "jsonPath", path: "a", operator: "matches", value: 1 }],
    }),
  },
  { name: "maxRedirects over 10", ...create({ url: "https://a.io", maxRedirects: 11 }, /maxRedirects/) },
  {
    name: "auth of unknown type",
    ...create({ url: "https://a.io", auth: { type: "digest", username: "a" } }),
  },
  {
    name: "tcp monitor with an http url",
    ...create({ type: "tcp", url: "https://a.io" }, /tcp:\/\/host:port/),
  },
  { name: "tcp url without a port", ...create({ type: "tcp", url: "tcp://a.io" }, /tcp:\/\/host:port/) },
  { name: "http monitor with a tcp url", ...create({ url: "tcp://a.io:22" }, /http/) },
  { name: "unknown monitor type", ...create({ type: "ping", url: "https://a.io" }, /type/) },
  {
    name: "dns monitor with an http url",
    ...create({ type: "dns", url: "https://a.io" }, /dns:example.com/),
  },
  { name: "dns query of unknown type", ...create({ type: "dns", url: "dns:a.io?type=SOA" }, /type=A\|AAAA/) },
  { name: "dns name that is not a name", ...create({ type: "dns", url: "dns:a..io" }, /not a valid domain/) },
  {
    name: "dns resolver given by name",
    ...create({ type: "dns", url: "dns://ns.a.io/a.io" }, /resolver must be an IP address/),
  },

  {
    name: "dns assertion without values",
    ...create({
      type: "dns",
      url: "dns:a.io",
      assertions: [{ type: "dns", operator: "equals", values: [] }],
    }),
  },
  {
    name: "heartbeat grace over a day",
    ...create({ type: "heartbeat", graceSeconds: 90_000 }, /graceSeconds/),
  },
];
