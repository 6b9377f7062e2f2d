#!/usr/bin/env bash
# Measurement: how often the dependency check warns of a typosquat on real
# lockfiles, which are (nearly) all legitimate packages: every warning is a
# false positive to explain.
#
# DIR is a folder of manifests and lockfiles laid out as in their
# repositories (DIR/axios/package-lock.json, DIR/vite/pnpm-lock.yaml, ...).
# The script commits them to a scratch repository on top of an empty commit
# and runs `gatehouse scan --offline --format json` over that commit, so every
# package is new and judged as a pull request adding it would be. One way to
# fill DIR from a clone or mirror of a repository:
#
#   git -C REPO show HEAD:package-lock.json > DIR/REPO/package-lock.json
#
# Usage: bench/typosquat-rate.sh DIR [WORKDIR]     (default: /tmp/gatehouse-typo)
# Environment: GATEHOUSE_BIN (default: built from this checkout).
# Needs: git, go, jq.
#
# It prints the packages added, per manifest kind's ecosystem, the typosquat
# warnings among them, and each warning's title.
set -euo pipefail

src=$(cd "${1:?usage: bench/typosquat-rate.sh DIR [WORKDIR]}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-/tmp/gatehouse-typo}
for tool in git go jq; do
	command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$work"
gatehouse=${GATEHOUSE_BIN:-}
if [ -z "$gatehouse" ]; then
	gatehouse=$work/gatehouse
	(cd "$here" && go build -tags gore2regex -o "$gatehouse" ./cmd/gatehouse)
fi

repo=$work/repo
rm -rf "$repo" && mkdir -p "$repo"
git -C "$repo" -c init.defaultBranch=main init -q
git -C "$repo" commit -q --allow-empty -m base
git -C "$repo" checkout -q -b lockfiles
cp -R "$src"/. "$repo"/
git -C "$repo" add -A && git -C "$repo" commit -q -m lockfiles

"$gatehouse" scan --offline --format json --base main "$repo" >"$work/report.json" 2>/dev/null || true
jq -r '
	[.dependencies.changes[]? | select(.change == "added")] as $added
	| [.findings[] | select(.check == "dependencies" and .rule_id == "typosquat")] as $typo
	| "manifests: \(.dependencies.files // 0), packages added: \($added | length)",
	  ($added | group_by(.ecosystem)[] | "  \(.[0].ecosystem): \(length)"),
	  "typosquat warnings: \($typo | length) (\(if ($added | length) > 0 then ($typo | length) * 100 / ($added | length) * 1000 | round / 1000 else 0 end)%)",
	  ($typo[] | "  \(.path): \(.title)")' "$work/report.json"
