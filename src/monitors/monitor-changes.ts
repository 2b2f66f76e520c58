import type { LiveEvent, MonitorChange } from "../live/live-events.js";

/** A pause or resume is reported as such, whatever else the same edit changed. */
export function changeOf(current: { paused: boolean }, paused: boolean | undefined): MonitorChange {
  if (paused === true && !current.paused) return "paused";
  if (paused === false && current.paused) return "resumed";
  return "updated";
}

/** The `monitor-changed` event (live-events.ts) the API publishes after a write commits. */
export function monitorChanged(userId: string, monitorId: string, change: MonitorChange): LiveEvent {
  return { userId, type: "monitor-changed", data: { monitorId, change } };
}
