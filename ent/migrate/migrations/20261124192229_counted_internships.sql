-- Drop index "internship_enterprise_id_id" from table: "internships"
DROP INDEX "internship_enterprise_id_id";
-- Drop index "internship_open_region_id_industry" from table: "internships"
DROP INDEX "internship_open_region_id_industry";
-- Drop index "internship_region_id_id" from table: "internships"
DROP INDEX "internship_region_id_id";
-- Create index "internship_enterprise_id_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_id" ON "internships" ("enterprise_id", "id") INCLUDE ("status");
-- Create index "internship_open_region_id_industry" to table: "internships"
CREATE INDEX "internship_open_region_id_industry" ON "internships" ("region_id", "industry") INCLUDE ("positions", "id") WHERE ((status)::text = 'OPEN'::text);
-- Create index "internship_region_id_id" to table: "internships"
CREATE INDEX "internship_region_id_id" ON "internships" ("region_id", "id") INCLUDE ("status");
