import http from "node:http";
import type { TestApp } from "../helpers/test-app.js";

export type TextResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A GET with any Host header (fetch does not let a test set one), read as text. */
export function getText(
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<TextResponse> {
  const url = new URL(path, app.url);
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    request.on("error", reject);
  });
}
