-- Drop index "internship_enterprise_id" from table: "internships"
DROP INDEX "internship_enterprise_id";
-- Create index "internship_enterprise_id_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_id" ON "internships" ("enterprise_id", "id");
-- Create index "internship_enterprise_id_listed_at" to table: "internships"
CREATE INDEX "internship_enterprise_id_listed_at" ON "internships" ("enterprise_id", "listed_at");
