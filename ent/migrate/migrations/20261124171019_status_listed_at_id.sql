-- Drop index "internship_status_listed_at" from table: "internships"
DROP INDEX "internship_status_listed_at";
-- Create index "internship_status_listed_at_id" to table: "internships"
CREATE INDEX "internship_status_listed_at_id" ON "internships" ("status", "listed_at", "id");
