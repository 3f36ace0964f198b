-- (b) 20 enterprises, each with its first 10 internships (no drafts): one
-- statement.
SELECT e.id, e.name, i.id, i.title, i.positions, i.status, i.published_at
FROM (SELECT id, name FROM enterprises ORDER BY id LIMIT 20) e
LEFT JOIN LATERAL (
  SELECT id, title, positions, status, published_at FROM internships
  WHERE enterprise_id = e.id AND status <> 'DRAFT' ORDER BY id LIMIT 10
) i ON true;
