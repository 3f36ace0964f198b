-- (c) open manufacturing (C) internships in Zibo (370300) and every
-- district below it, newest first: one statement. The subtree is an array
-- computed before the scan, as the server writes it (regiontree.Contains):
-- PostgreSQL plans a recursive query's rows blind, and read this page a
-- quarter slower with `region_id IN (subtree)`.
SELECT i.id, i.title, i.industry, i.positions, i.published_at
FROM internships i
WHERE i.region_id = ANY(ARRAY(
  WITH RECURSIVE subtree(id) AS (
    SELECT id FROM regions WHERE code = '370300'
    UNION ALL SELECT r.id FROM regions r JOIN subtree ON r.parent_id = subtree.id)
  SELECT id FROM subtree))
  AND i.industry LIKE 'C%' AND i.status = 'OPEN'
ORDER BY i.listed_at DESC, i.id DESC
LIMIT 20;
