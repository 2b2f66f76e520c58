import type { CheckJob, CheckOutcome } from "../queue/messages.js";
import { runDnsCheck } from "./dns-check.js";
import { type HttpCheckOptions, runHttpCheck } from "./http-check.js";
import { runTcpCheck } from "./tcp-check.js";

/** Runs a job by its monitor type: the one entry point the worker calls. */
export function runCheck(job: CheckJob, options: HttpCheckOptions = {}): Promise<CheckOutcome> {
  switch (job.type) {
    case "http":
      return runHttpCheck(job, options);
    case "tcp":
      return runTcpCheck(job, options);
    case "dns":
      return runDnsCheck(job, options);
    case "heartbeat":
      // Heartbeat monitors are judged by their pings; the scheduler never publishes a job for one.
      throw new Error("heartbeat monitors have no check to run");
  }
}
