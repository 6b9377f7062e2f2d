#!/usr/bin/env bash
# Benchmark: `gatehouse scan --all --offline` against `gitleaks git` on the
# whole history of a real repository, each built as its releases are (see bench/binaries.sh).
#
# REPO_DIR is a git directory (a clone, or a bare repository such as
# /work/.mirror/gitleaks+gitleaks/repo); it is cloned into WORKDIR and checked
# out, so that neither tool touches the original; a .gitleaks.toml or
# .gitleaksignore in its work tree is removed, so that gitleaks runs with its
# default rules as gatehouse does. The two tools then run alternately, RUNS times each, under
# /usr/bin/time -v; each run's wall time, CPU (user+sys) and peak memory (max
# RSS) are printed, then each tool's medians and gatehouse's ratios to
# gitleaks (CPU ratio, RSS ratio and RSS difference in MB).
#
# Usage: bench/scan-real-history.sh REPO_DIR [WORKDIR]   (default: /tmp/gatehouse-bench)
# Environment: GATEHOUSE_BIN, GITLEAKS_BIN (see bench/binaries.sh), RUNS
# (default 5); GITLEAKS_ALL_PATHS=1 runs gitleaks on its default rules without
# their global path allow-list (vendor/, node_modules/, lockfiles...), which
# gatehouse does not have: both tools then scan the same text.
# Needs: git, go, /usr/bin/time (GNU time, for -v).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 REPO_DIR [WORKDIR]" >&2; exit 2; }
src=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-/tmp/gatehouse-bench}
runs=${RUNS:-5}
for tool in git go /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
mkdir -p "$work"
. "$here/bench/binaries.sh"

name=$(basename "$src" .git)
[ "$name" != repo ] || name=$(basename "$(dirname "$src")") # a mirror's OWNER+NAME/repo
repo=$work/real-$name
rm -rf "$repo"
git clone -q "$src" "$repo"
# gitleaks would read the repository's own configuration from the work tree
# (gitleaks/gitleaks allow-lists its test data): both tools use their defaults.
rm -f "$repo/.gitleaks.toml" "$repo/.gitleaksignore"
echo "repository: $name, $(git -C "$repo" rev-list --count HEAD) commits on HEAD, head tree $(git -C "$repo" ls-tree -r -l HEAD | awk '{s += $4} END {printf "%.1f MB", s / 1e6}')"

measure() { # measure NAME CMD...: appends "cpu rss wall" to $work/NAME.runs
	local name=$1; shift
	local rc=0
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/$name.stderr" || rc=$?
	# A scan that could not finish (an unreadable object in a damaged copy,
	# say) fails closed, and its figures measure nothing.
	if [ "$name" = gatehouse ] && { [ "$rc" -eq 2 ] || grep -q 'could not finish' "$work/$name.stderr"; }; then
		echo "warning: gatehouse did not finish: $(grep 'gatehouse scan' "$work/$name.stderr" | tail -1 | cut -c1-200)"
	fi
	awk -v name="$name" -v out="$work/$name.runs" -F': ' '
		/Elapsed \(wall clock\)/ {n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i]}
		/User time/ {u = $2} /System time/ {s = $2}
		/Maximum resident set size/ {rss = $2 / 1024}
		END {
			printf "%-10s wall %6.2fs  cpu %6.2fs (user %.2f + sys %.2f)  max RSS %4d MB\n", name, wall, u + s, u, s, rss
			printf "%f %f %f\n", u + s, rss, wall >>out
		}' "$work/time.txt"
}
gitleaks_config=()
if [ -n "${GITLEAKS_ALL_PATHS:-}" ]; then
	# The default configuration, less the `paths = [...]` list of its [allowlist].
	awk '/^\[allowlist\]/ {a = 1} a && /^paths = \[/ {skip = 1} !skip {print} skip && /^\]/ {skip = 0; a = 0}' \
		"$(go env GOMODCACHE)/github.com/zricethezav/gitleaks/v8@v8.30.1/config/gitleaks.toml" >"$work/gitleaks-all-paths.toml"
	! grep -q 'node_modules' "$work/gitleaks-all-paths.toml" || { echo "failed to drop gitleaks' path allow-list" >&2; exit 2; }
	gitleaks_config=(--config "$work/gitleaks-all-paths.toml")
	echo "gitleaks runs without its global path allow-list"
fi
rm -f "$work/gatehouse.runs" "$work/gitleaks.runs"
for ((r = 1; r <= runs; r++)); do
	measure gatehouse "$gatehouse" scan --all --offline --format json "$repo"
	measure gitleaks "$gitleaks" git "${gitleaks_config[@]}" --no-banner --redact --exit-code 0 --log-level error \
		--report-format json --report-path "$work/real-gitleaks.json" "$repo"
done

median() { # median FILE COLUMN
	sort -g -k"$2","$2" "$1" | awk -v c="$2" '{v[NR] = $c} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
gc=$(median "$work/gatehouse.runs" 1) gr=$(median "$work/gatehouse.runs" 2) gw=$(median "$work/gatehouse.runs" 3)
lc=$(median "$work/gitleaks.runs" 1) lr=$(median "$work/gitleaks.runs" 2) lw=$(median "$work/gitleaks.runs" 3)
awk -v n="$name" -v runs="$runs" -v gc="$gc" -v gr="$gr" -v gw="$gw" -v lc="$lc" -v lr="$lr" -v lw="$lw" 'BEGIN {
	printf "medians of %d runs on %s:\n", runs, n
	printf "  gatehouse  cpu %6.2fs  max RSS %4d MB  wall %6.2fs\n", gc, gr, gw
	printf "  gitleaks   cpu %6.2fs  max RSS %4d MB  wall %6.2fs\n", lc, lr, lw
	printf "  ratios     cpu %.2fx  RSS %.2fx (%+d MB)  wall %.2fx\n", gc / lc, gr / lr, gr - lr, gw / lw
}'
