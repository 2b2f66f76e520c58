-- Issue 8: tags, and the stable key of monitors managed as code (hand-written).
ALTER TABLE "monitors" ADD COLUMN "tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_tags_check" CHECK (cardinality("monitors"."tags") <= 20);--> statement-breakpoint
CREATE INDEX "monitors_tags_idx" ON "monitors" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "monitors_user_key_idx" ON "monitors" USING btree ("user_id","key");
