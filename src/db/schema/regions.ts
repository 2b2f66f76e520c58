import { pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";

export const regions = pgTable("regions", {
  name: text("name").primaryKey(),
  createdAt: timestampMs("created_at").notNull().defaultNow(),
});
