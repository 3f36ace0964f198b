// Package operations holds the canonical GraphQL operations of the
// benchmarks (BENCHMARKS.md), so that every benchmark sends the same ones.
package operations

// Queries are the canonical operations, by the letters issue 6 gives
// them. The load generator (internal/loadgen) sends them over HTTP as a
// client sends them, a POST of JSON with the query and its variables; the
// server's benchmarks (server/bench_test.go) serve them in-process.
var Queries = map[string]string{
	// (a) a page of 50 internships with their enterprise, newest first.
	"a": `query Page { internships(first: 50, orderBy: {field: PUBLISHED_AT, direction: DESC}) {
  edges { node { id title industry positions status publishedAt enterprise { id name } } } } }`,
	// (ap) the page of (a) as a front end pages through it, asking
	// whether another page follows and where it starts.
	"ap": `query Paging { internships(first: 50, orderBy: {field: PUBLISHED_AT, direction: DESC}) {
  pageInfo { hasNextPage endCursor }
  edges { node { id title industry positions status publishedAt enterprise { id name } } } } }`,
	// (b) 20 enterprises, each with its first 10 internships.
	"b": `query Enterprises { enterprises(first: 20) { edges { node { id name
  internships(first: 10) { edges { node { id title positions status publishedAt } } } } } } }`,
	// (c) open internships in a region's subtree, in an industry, newest first.
	"c": `query Search($region: ID!, $industry: String!) { internships(first: 20,
  where: {inRegion: $region, industryHasPrefix: $industry, status: OPEN},
  orderBy: {field: PUBLISHED_AT, direction: DESC}) {
  edges { node { id title industry positions publishedAt } } } }`,
	// (0) nothing but the request itself: what HTTP, the middleware and
	// gqlgen cost every request.
	"0": `query Nothing { __typename }`,
	// (d) one internship by its global ID.
	"d": `query Node($id: ID!) { node(id: $id) { id ... on Internship { title positions status } } }`,
	// (s) the dashboards' figures for the whole platform, and (sr) for the
	// region in the industry (issue 7).
	"s":  statsQuery,
	"sr": statsQuery,
	// (e) post an internship (and so its notice), as the enterprise's HR.
	"e": `mutation Post($e: ID!, $r: ID!, $t: String!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: $t, positions: 2}) { id publishedAt } }`,
}

const statsQuery = `query Stats($f: StatsFilter) { stats(filter: $f) {
  institutions enterprises openInternships openPositions applications acceptedApplications upcomingEvents
  internshipsByIndustry { industry name count } internshipsByRegion { region { id name } count }
  partnershipsByKind { kind count } postingsOverTime(days: 30) { date count } } }`
