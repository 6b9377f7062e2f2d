#!/usr/bin/env bash
# Benchmark: memory of `gatehouse scan` and `gitleaks git` over a history
# much larger than its final diff: 300 commits (COMMITS) that each rewrite one
# 200 KB text file, about 60 MB of diffs for a final diff of one file. A scan
# that kept every commit's diff would grow with the history; gatehouse keeps
# a bounded read-ahead (local/readahead.go).
#
# The history is generated deterministically (numbered lines, no secret) in
# WORKDIR/long-repo and reused while COMMITS is unchanged.
#
# Usage: bench/scan-long-history.sh [WORKDIR]       (default: /tmp/gatehouse-bench)
# Environment: GATEHOUSE_BIN, GITLEAKS_BIN (see bench/binaries.sh), COMMITS
# (default 300), RUNS (default 3).
# Needs: git, go, /usr/bin/time (GNU time, for -v).
#
# It prints, for each run of each tool, wall time, CPU and peak memory (max RSS).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/gatehouse-bench}
commits=${COMMITS:-300}
runs=${RUNS:-3}
for tool in git go /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE="@1704067200 +0000" GIT_COMMITTER_DATE="@1704067200 +0000"
mkdir -p "$work"
. "$here/bench/binaries.sh"

repo=$work/long-repo
if [ "$(cat "$work/long-repo.done" 2>/dev/null)" != "$commits" ]; then
	rm -rf "$repo" && mkdir -p "$repo"
	git -C "$repo" -c init.defaultBranch=main init -q
	printf '# long history\n' >"$repo/README.md"
	git -C "$repo" add README.md && git -C "$repo" commit -q -m base
	git -C "$repo" checkout -q -b feature
	for ((i = 1; i <= commits; i++)); do
		seq -f "revision $i, line %g: the quick brown fox jumps over the lazy dog again" 1 2600 >"$repo/data.txt"
		git -C "$repo" add data.txt && git -C "$repo" commit -q -m "revision $i"
	done
	printf '%s\n' "$commits" >"$work/long-repo.done"
fi
echo "history: $(git -C "$repo" rev-list --count main..feature) commits, $(git -C "$repo" log -p --format= main..feature | wc -c | awk '{printf "%.0f MB", $1 / 1e6}') of git log -p output, a final diff of $(git -C "$repo" diff main feature | wc -c | awk '{printf "%.1f MB", $1 / 1e6}')"

measure() { # measure NAME CMD...
	local name=$1; shift
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
	awk -v name="$name" -F': ' '
		/Elapsed \(wall clock\)/ {wall=$2}
		/User time/ {u=$2} /System time/ {s=$2}
		/Maximum resident set size/ {rss=$2}
		END {printf "%-10s wall %8s  cpu %6.2fs (user %.2f + sys %.2f)  max RSS %4d MB\n", name, wall, u+s, u, s, rss/1024}' "$work/time.txt"
}
for ((r = 1; r <= runs; r++)); do
	measure gatehouse "$gatehouse" scan --format json --offline --base main --head feature "$repo"
	measure gitleaks "$gitleaks" git --no-banner --redact --exit-code 0 --log-level error \
		--report-format json --report-path "$work/long-gitleaks.json" --log-opts "main..feature" "$repo"
done
