// GraphiQL for the Chanjiao API, with everything served by the binary
// itself: no request leaves the machine.
(function () {
  'use strict';
  const endpoint = new URL('/graphql', window.location.href);
  const socket = new URL(endpoint.href);
  socket.protocol = socket.protocol === 'https:' ? 'wss:' : 'ws:';
  // Subscriptions go over a websocket; GraphiQL sends the Headers tab
  // (such as {"Authorization": "Bearer …"}) as the connection_init payload.
  const fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

  const defaultQuery = `# 产教 Chanjiao — the Zibo industry–education platform as a graph.
# Press ▶ (or Ctrl-Enter) to run. The Docs pane explains every type and field.

# Open internships anywhere in Zibo (the city and all its districts),
# newest first, with their enterprise and target programmes.
query ZiboInternships {
  regions(where: {code: "370300"}) {
    edges {
      node {
        id
        name
        nameEn
      }
    }
  }
  internships(
    first: 10
    where: {status: OPEN}
    orderBy: {field: PUBLISHED_AT, direction: DESC}
  ) {
    totalCount
    edges {
      node {
        id
        title
        positions
        stipend
        publishedAt
        region { name nameEn }
        enterprise { name nameEn industry }
        programs(first: 3) { edges { node { code name } } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}

# To act as someone, sign in (demo accounts: see the README; password chanjiao-demo):
#   mutation { login(email: "hr@rhein-koester.demo", password: "chanjiao-demo") { token } }
# and put {"Authorization": "Bearer <token>"} in the Headers tab below.

# Live notices (run it, then post an internship from another tab):
#   subscription { notices(filter: {industries: ["C"]}) { cursor kind title region { name } } }

# Copy a region's id into inRegion to filter a whole subtree:
# internships(where: {inRegion: "<id of 淄博市>", industryHasPrefix: "C"}) { totalCount }
`;

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
