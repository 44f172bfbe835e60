CREATE TABLE "handovers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"summary" text NOT NULL,
	"open_items" jsonb NOT NULL,
	"handed_by_id" uuid NOT NULL,
	"handed_by" text NOT NULL,
	"handed_at" timestamp with time zone NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "handovers_handed" ON "handovers" USING btree ("handed_at");