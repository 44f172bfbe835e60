CREATE TABLE "depot_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"nation" text NOT NULL,
	"depot" text NOT NULL,
	"item" text NOT NULL,
	"purpose" text,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"reason" text,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "depot_requests_requested" ON "depot_requests" USING btree ("requested_at");