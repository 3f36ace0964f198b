-- Drop index "event_status_starts_at" from table: "events"
DROP INDEX "event_status_starts_at";
-- Create index "event_status_starts_at" to table: "events"
CREATE INDEX "event_status_starts_at" ON "events" ("status", "starts_at") INCLUDE ("id", "region_id", "organiser_institution_id", "organiser_enterprise_id");
