import type { ApplyResultJson } from "../monitors-as-code/code-schemas.js";

/** A plan as `terraform plan` prints one: a line per change, the unchanged as a count, then what happened. */
export function formatPlan({ plan, applied }: ApplyResultJson, source: string): string {
  const counts = `${plan.create.length} to create, ${plan.update.length} to update, ${plan.delete.length} to delete, ${plan.unchanged.length} unchanged`;
  const lines = [`Plan for ${source}: ${counts}`, ""];
  for (const key of plan.create) lines.push(`  + create  ${key}`);
  for (const { key, changes } of plan.update) lines.push(`  ~ update  ${key} (${changes.join(", ")})`);
  for (const key of plan.delete) lines.push(`  - delete  ${key}`);
  lines.push(`  = ${plan.unchanged.length} unchanged`, "");
  const changes = plan.create.length + plan.update.length + plan.delete.length;
  if (applied) {
    lines.push(
      changes === 0
        ? "Nothing to change."
        : `Applied: ${plan.create.length} created, ${plan.update.length} updated, ${plan.delete.length} deleted.`,
    );
  } else {
    lines.push(
      changes === 0 ? "Nothing to change." : "Dry run: nothing was changed. Run again with --yes to apply.",
    );
  }
  return lines.join("\n");
}
