import { ApiError, callApi } from "../cli/api-client.js";
import type { CliConfig } from "../config.js";
import { bulkLimits } from "../monitors/monitor-bulk-schemas.js";
import { ImportError, type ImportedMonitor, toCreateBody } from "./imported-monitor.js";

/** A monitor already in Vigil, as far as the import compares them. */
export type ExistingMonitor = { id: string; name: string; type: string; url: string };

/**
 * The API calls `vigil import` makes (through the CLI's api-client.ts), as the user whose token it holds: list their
 * monitors, and create the new ones with POST /api/monitor/bulk (all or nothing per request, up to 1,000 each).
 */
export function vigilClient(config: CliConfig) {
  const json = async (method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> => {
    const payload =
      body === undefined ? undefined : { text: JSON.stringify(body), contentType: "application/json" };
    return JSON.parse((await callApi(config, method, path, payload)).text);
  };

  return {
    /** Every monitor of the caller, page by page. */
    async listMonitors(): Promise<ExistingMonitor[]> {
      const all: ExistingMonitor[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = (await json("GET", `/api/monitor?limit=1000${query}`)) as {
          items: ExistingMonitor[];
          nextCursor: string | null;
        };
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },

    /**
     * Creates the monitors, 1,000 per request. A request that fails creates none of its monitors; the error names
     * each monitor the API refused, by the item index the API reports (`monitors.3.url`).
     */
    async createMonitors(monitors: ImportedMonitor[]): Promise<ExistingMonitor[]> {
      const created: ExistingMonitor[] = [];
      for (let start = 0; start < monitors.length; start += bulkLimits.maxItems) {
        const chunk = monitors.slice(start, start + bulkLimits.maxItems);
        try {
          const res = (await json("POST", "/api/monitor/bulk", { monitors: chunk.map(toCreateBody) })) as {
            items: ExistingMonitor[];
          };
          created.push(...res.items);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const refused = error.issues.flatMap(({ path, message }) => {
            const match = /^monitors\.(\d+)\.?(.*)$/.exec(path);
            if (!match?.[1]) return [];
            const monitor = chunk[Number(match[1])];
            return [
              `  ${monitor?.name ?? "?"} (${monitor?.key ?? path})${match[2] ? ` ${match[2]}` : ""}: ${message}`,
            ];
          });
          const done =
            created.length > 0 ? ` (${created.length} monitors were created by earlier requests)` : "";
          throw new ImportError(
            [
              `Vigil refused the import, nothing of this request was created${done}: ${error.message}`,
              ...refused,
            ].join("\n"),
          );
        }
      }
      return created;
    },
  };
}
