-- (a) a page of 50 internships with their enterprise, newest first, as an
-- anonymous reader sees them (no drafts): one statement.
SELECT i.id, i.title, i.industry, i.positions, i.status, i.published_at, e.id, e.name
FROM internships i JOIN enterprises e ON e.id = i.enterprise_id
WHERE i.status <> 'DRAFT'
ORDER BY i.listed_at DESC, i.id DESC
LIMIT 50;
