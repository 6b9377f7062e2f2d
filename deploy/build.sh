#!/usr/bin/env bash
# Builds the release binary of gatehouse: gitleaks' rules on native RE2
# (wasilibs/go-re2's re2_cgo tag, linked into the binary), statically linked,
# so that it runs on distroless/static and on any Linux without libre2.
#
# Why native RE2: most of a history scan's CPU is regex matching. Through
# WebAssembly (the plain gore2regex build) each match crosses into a wazero
# sandbox and the runtime compiles RE2 at every start (~0.3 s); native RE2
# cut `gatehouse scan --all --offline` on gitleaks' own history from 4.8 to
# 3.2 CPU-seconds with identical findings (README, "Performance").
#
# Usage: deploy/build.sh OUTPUT [VERSION]
# Needs: go, a C++ compiler and RE2's static library with pkg-config
# (Debian: apt-get install g++ pkg-config libre2-dev).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUTPUT [VERSION]" >&2; exit 2; }
out=$1 version=${2:-dev}
cd "$(dirname "$0")/.."

command -v readelf >/dev/null || { echo "$0: needs readelf (Debian: binutils)" >&2; exit 2; }
if ! pkg-config --exists re2 2>/dev/null; then
	echo "$0: RE2 is not installed (Debian: apt-get install g++ pkg-config libre2-dev);" >&2
	echo "  without it, 'go build -tags gore2regex ./cmd/gatehouse' builds the same program on RE2 in WebAssembly, slower" >&2
	exit 2
fi
# netgo and osusergo keep the static binary off glibc's resolver and user
# database, which cannot be linked statically without warnings and surprises.
CGO_ENABLED=1 go build -tags gore2regex,re2_cgo,netgo,osusergo -trimpath \
	-ldflags "-s -w -X main.version=${version} -linkmode external -extldflags -static" \
	-o "$out" ./cmd/gatehouse
# A dynamically linked binary would build here and fail in the image; a
# readelf that cannot read it must not pass for a static binary.
headers=$(readelf -lW "$out")
if grep -q INTERP <<<"$headers"; then
	echo "$0: $out is dynamically linked" >&2
	exit 1
fi
