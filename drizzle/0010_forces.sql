CREATE TABLE "brigades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"stage" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"planned_certified_on" date NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"nation" text NOT NULL,
	"domain" text NOT NULL,
	"sidc" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"mission" text NOT NULL,
	"readiness" text NOT NULL,
	"notice_to_move_hours" integer,
	"readiness_changed_at" timestamp with time zone NOT NULL,
	"last_report" jsonb,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "units_nation" ON "units" USING btree ("nation");