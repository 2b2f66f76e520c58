import type { TargetPolicy } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import { heartbeatDeadline, newHeartbeatToken, pushRegion } from "../heartbeats/heartbeat-token.js";
import { ValidationError } from "../http/errors.js";
import { newId } from "../lib/ids.js";
import { listRegions } from "../regions/region-repository.js";
import { firstSlotFrom } from "../scheduler/slots.js";
import type { NewMonitorRow } from "./monitor-repository.js";
import {
  assertNoUnknownChannels,
  assertNoUnknownRegions,
  assertQuorumFits,
  ownedChannelIds,
} from "./monitor-rules.js";
import type { CreateMonitorInput } from "./monitor-schemas.js";
import { assertTimeoutFitsInterval, validateTarget } from "./monitor-target.js";

/** What judging new monitors needs from the database, read once for a whole batch. */
export type NewMonitorContext = {
  targets: TargetPolicy;
  /** Every region that exists: a monitor created without regions gets them all. */
  regions: string[];
  /** The owner's channels among those the inputs name. */
  ownedChannels: Set<string>;
};

export async function loadNewMonitorContext(
  db: Database,
  userId: string,
  targets: TargetPolicy,
  inputs: readonly Pick<CreateMonitorInput, "channelIds">[],
): Promise<NewMonitorContext> {
  const channelIds = [...new Set(inputs.flatMap((i) => i.channelIds ?? []))];
  const [regions, ownedChannels] = await Promise.all([
    listRegions(db),
    ownedChannelIds(db, userId, channelIds),
  ]);
  return { targets, regions: regions.map((r) => r.name), ownedChannels };
}

/**
 * When the first check is due. `now`: at once (a monitor created on its own, so the user sees it work).
 * `spread`: the monitor's first grid slot, within one interval (bulk creates and applies: never one burst).
 * Heartbeat monitors ignore it: silence counts from creation, so their first deadline is a period plus grace away.
 */
export type FirstCheck = "now" | "spread";

/**
 * The row of a new monitor, after the rules the schema cannot check alone. Throws a ValidationError whose
 * details.path names the field, so a batch can report it under the item's index.
 */
export function newMonitorRow(
  userId: string,
  input: CreateMonitorInput,
  ctx: NewMonitorContext,
  { firstCheck, now }: { firstCheck: FirstCheck; now: number },
): NewMonitorRow & { id: string } {
  const assertChannelsOwned = () =>
    assertNoUnknownChannels((input.channelIds ?? []).filter((id) => !ctx.ownedChannels.has(id)));
  const id = newId();
  if (input.type === "heartbeat") {
    if (input.url !== undefined) {
      throw new ValidationError("heartbeat monitors take no url: the job calls the monitor's pingUrl", {
        path: "url",
      });
    }
    if (input.regions !== undefined) {
      throw new ValidationError("heartbeat monitors take no regions: their pings arrive at the API", {
        path: "regions",
      });
    }
    assertQuorumFits(input.quorum, [pushRegion]);
    assertChannelsOwned();
    return {
      ...input,
      confirmations: input.confirmations ?? 1,
      recoveries: input.recoveries ?? 1,
      id,
      userId,
      url: "",
      name: input.name ?? "Heartbeat",
      regions: [pushRegion],
      heartbeatToken: newHeartbeatToken(),
      // Silence from creation counts too: a job that never starts pinging is down after one period plus grace.
      nextCheckAt: heartbeatDeadline(now, input),
    };
  }
  if (input.url === undefined) {
    throw new ValidationError(`${input.type} monitors need a url`, { path: "url" });
  }
  const { defaultName } = validateTarget(input.type, input.url, ctx.targets);
  assertTimeoutFitsInterval(input.timeoutMs, input.intervalSeconds);
  const regions = input.regions ?? ctx.regions;
  if (input.regions) assertNoUnknownRegions(input.regions.filter((r) => !ctx.regions.includes(r)));
  if (regions.length === 0) throw new ValidationError("No region exists yet: an admin must add one first");
  assertQuorumFits(input.quorum, regions);
  assertChannelsOwned();
  return {
    ...input,
    confirmations: input.confirmations ?? 2,
    recoveries: input.recoveries ?? 2,
    url: input.url,
    id,
    userId,
    name: input.name ?? defaultName,
    regions,
    nextCheckAt: new Date(firstCheck === "now" ? now : firstSlotFrom(id, input.intervalSeconds * 1000, now)),
  };
}
