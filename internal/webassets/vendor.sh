#!/usr/bin/env bash
# Vendors the released browser builds the binary serves, from the npm
# registry, with their licences: nothing is fetched from a CDN at run time,
# so GraphiQL works on a closed network. npm verifies each tarball against
# the registry's integrity hash. Run from anywhere; commit the result.
#
#   internal/webassets/vendor.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# vendor <package> <version> <file in the tarball>...
vendor() {
	local pkg=$1 version=$2
	shift 2
	local dest="vendor/$pkg-$version"
	rm -rf "$dest" && mkdir -p "$dest"
	(cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
	local tgz="$work/${pkg//\//-}-$version.tgz"
	mkdir -p "$work/$pkg" && tar -xzf "$tgz" -C "$work/$pkg"
	cp "$work/$pkg/package/"LICENSE* "$dest/"
	for f in "$@"; do
		cp "$work/$pkg/package/$f" "$dest/$(basename "$f")"
	done
}

vendor graphiql 4.1.2 graphiql.min.js graphiql.min.css
vendor react 18.3.1 umd/react.production.min.js
vendor react-dom 18.3.1 umd/react-dom.production.min.js
# The dashboard: charts, and the GraphQL-over-WebSocket client.
vendor echarts 6.1.0 dist/echarts.common.min.js NOTICE
vendor graphql-ws 6.4.2 umd/graphql-ws.min.js
