// Runs graphql-http's server audits (every MUST and SHOULD of the
// GraphQL-over-HTTP specification) against the URL given, and prints one
// JSON line per audit: {"id", "name", "status", "reason"}.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
for (const r of results) {
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? '' }));
}
