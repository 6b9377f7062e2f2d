#!/usr/bin/env bash
# Makes a repository whose head tree grows with FILES (default 100): FILES
# commits, each adding one 200 KB text file of numbered lines (no secret),
# so the head tree is FILES x 200 KB while no commit is larger than one file.
# With bench/scan-real-history.sh, it shows whether a tool's memory grows
# with the head tree:
#
#   bench/make-wide-tree.sh /tmp/wide-100 100 && bench/scan-real-history.sh /tmp/wide-100
#   bench/make-wide-tree.sh /tmp/wide-300 300 && bench/scan-real-history.sh /tmp/wide-300
#
# Usage: bench/make-wide-tree.sh DIR [FILES]
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 DIR [FILES]" >&2; exit 2; }
repo=$1
files=${2:-100}
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE="@1704067200 +0000" GIT_COMMITTER_DATE="@1704067200 +0000"
rm -rf "$repo" && mkdir -p "$repo"
git -C "$repo" -c init.defaultBranch=main init -q
for ((i = 1; i <= files; i++)); do
	seq -f "file $i, line %g: the quick brown fox jumps over the lazy dog again" 1 2600 >"$repo/f$i.txt"
	git -C "$repo" add "f$i.txt" && git -C "$repo" commit -q -m "file $i"
done
