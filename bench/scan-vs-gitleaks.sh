#!/usr/bin/env bash
# Benchmark: `gatehouse scan` against `gitleaks git` on the same range of
# 1,000+ real commits, each built as its releases are (see bench/binaries.sh).
#
# The history is generated, deterministically, by replaying pinned versions
# of Go modules (golang.org/x/sync, mod, oauth2, crypto, net, sys: two or three
# versions each, oldest first; fetched into the module cache if missing) into
# a repository, a few files per commit, so that later commits are real
# modifications of earlier files: 1,228 commits. Every 40th
# commit also adds a file with a planted fake credential of one of six kinds
# (GitHub, AWS, Slack, Stripe, GitLab tokens, an RSA private key), and every
# third planted file is deleted again five commits later: both tools must
# find those in history. Planted values are derived from sha256 of a seed:
# they are not credentials.
#
# Usage: bench/scan-vs-gitleaks.sh [WORKDIR]       (default: /tmp/gatehouse-bench)
# Environment:
#   GATEHOUSE_BIN   a gatehouse binary to use (default: the release build, deploy/build.sh)
#   GITLEAKS_BIN    a gitleaks binary (default: built from the module cache, v8.30.1,
#                   with -tags gore2regex; `go mod download` fetches it if missing)
#   FILES_PER_COMMIT  files per replayed commit (default 2: 1,228 commits)
#   MODULES         the module versions replayed, in order (default: see below)
#   RUNS            timed runs of each tool (default 3)
# Needs: git, go, jq, xxd, base32, /usr/bin/time (GNU time, for -v).
#
# It prints, for each run, wall time, CPU (user+sys), peak memory (max RSS);
# then each tool's median wall time and mean CPU, and in how many pairs of
# runs gatehouse was faster; then the findings of each tool: totals by rule,
# and how many of the planted files each reported. Nothing of the repository
# or the reports is kept in the source tree.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/gatehouse-bench}
per=${FILES_PER_COMMIT:-2}
runs=${RUNS:-3}
for tool in git go jq xxd base32 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$work"
modcache=$(go env GOMODCACHE)
modules=${MODULES:-golang.org/x/sync@v0.10.0 golang.org/x/sync@v0.16.0 golang.org/x/mod@v0.22.0 golang.org/x/mod@v0.43.0
golang.org/x/oauth2@v0.24.0 golang.org/x/oauth2@v0.30.0 golang.org/x/crypto@v0.31.0 golang.org/x/crypto@v0.35.0
golang.org/x/crypto@v0.41.0 golang.org/x/net@v0.33.0 golang.org/x/net@v0.43.0 golang.org/x/sys@v0.28.0
golang.org/x/sys@v0.30.0 golang.org/x/sys@v0.35.0}

# --- binaries ---------------------------------------------------------------
. "$here/bench/binaries.sh"

# --- the history ------------------------------------------------------------
repo=$work/repo
n=0     # commits made on the feature branch
plants=0
declare -a removals=() # "commit-number:path" of planted files to delete later

token() { printf '%s' "$1" | sha256sum | cut -c1-"$2"; }

plant() { # plant KIND-INDEX PATH
	local i=$1 path=$2 seed="gatehouse-bench-$1"
	mkdir -p "$(dirname "$repo/$path")"
	case $((i % 6)) in
	0) printf 'github:\n  user: bench\n  token: ghp_%s\n' "$(token "$seed" 36)" ;;
	1) printf '[default]\naws_access_key_id = AKIA%s\nregion = eu-west-1\n' "$(printf '%s' "$seed" | sha256sum | cut -c1-64 | xxd -r -p | base32 | cut -c1-16)" ;;
	2) printf 'slack:\n  bot_token: xoxb-%s-%s-%s\n' "$(token "$seed" 12 | tr 'a-f' '0-5')" "$(token "$seed-2" 13 | tr 'a-f' '0-5')" "$(token "$seed-3" 24)" ;;
	3) printf 'STRIPE_SECRET_KEY=sk_live_%s\n' "$(token "$seed" 32 | tr 'a-c' 'X-Z')" ;;
	4) printf 'GITLAB_TOKEN=glpat-%s\n' "$(token "$seed" 20)" ;;
	5) printf -- '-----BEGIN RSA PRIVATE KEY-----\n'
	   for l in 1 2 3 4 5; do printf '%s\n' "$(printf '%s' "$seed-$l" | sha256sum | cut -c1-64 | xxd -r -p | base64 -w0)$(printf '%s' "$seed-$l-b" | sha256sum | cut -c1-16)"; done
	   printf -- '-----END RSA PRIVATE KEY-----\n' ;;
	esac >"$repo/$path"
}

commit() { # commit MESSAGE: commits what is staged, planting and removing on schedule
	n=$((n + 1))
	export GIT_AUTHOR_DATE="@$((1704067200 + n * 60)) +0000" GIT_COMMITTER_DATE="@$((1704067200 + n * 60)) +0000"
	if ((n % 40 == 0)); then
		local p
		p=$(printf 'deploy/plant-%03d.%s' "$plants" "$([ $((plants % 6)) -eq 1 ] && echo ini || echo yml)")
		plant "$plants" "$p"
		git -C "$repo" add -- "$p"
		((plants % 3 == 2)) && removals+=("$((n + 5)):$p")
		plants=$((plants + 1))
	fi
	local keep=()
	for r in "${removals[@]+"${removals[@]}"}"; do
		if [ "${r%%:*}" -eq "$n" ]; then git -C "$repo" rm -q -- "${r#*:}"; else keep+=("$r"); fi
	done
	removals=("${keep[@]+"${keep[@]}"}")
	git -C "$repo" commit -q --allow-empty -m "$1"
}

recipe="files per commit $per: $(echo $modules)"
if [ "$(cat "$work/history.done" 2>/dev/null)" != "$recipe" ]; then
	rm -rf "$repo" && mkdir -p "$repo"
	git -C "$repo" -c init.defaultBranch=main init -q
	printf '# benchmark corpus\n' >"$repo/README.md"
	git -C "$repo" add README.md
	GIT_AUTHOR_DATE="@1704067200 +0000" GIT_COMMITTER_DATE="@1704067200 +0000" git -C "$repo" commit -q -m base
	git -C "$repo" checkout -q -b feature
	for mv in $modules; do
		mod=${mv%@*} v=${mv#*@}
		[ -d "$modcache/$mod@$v" ] || (cd "$work" && GOFLAGS= go mod download "$mv")
		dst=$repo/src/$mod
		rm -rf "$dst" && mkdir -p "$dst"
		cp -R "$modcache/$mod@$v/." "$dst/" && chmod -R u+w "$dst"
		git -C "$repo" add -A -- "src/$mod"
		mapfile -d '' changed < <(git -C "$repo" diff --cached --name-only -z)
		git -C "$repo" reset -q
		for ((i = 0; i < ${#changed[@]}; i += per)); do
			# (git warns about directories a version removed; harmless)
			git -C "$repo" add -A -- "${changed[@]:i:per}" 2>/dev/null
			commit "$mod $v ($((i / per + 1)))"
		done
	done
	printf '%s\n' "$recipe" >"$work/history.done"
fi
commits=$(git -C "$repo" rev-list --count main..feature)
echo "history: $commits commits on feature (main..feature), $(git -C "$repo" ls-files | wc -l) files at the head, $(du -sh "$repo/.git" | cut -f1) of .git"
echo "planted: $(git -C "$repo" log --format= --name-only --diff-filter=A main..feature -- deploy/ | sort -u | wc -l) files under deploy/ ($(git -C "$repo" ls-files deploy | wc -l) still at the head)"

# --- timed runs -------------------------------------------------------------
# gatehouse runs offline with a local advisory database (one placeholder
# record), so that its dependency check reads no network and waits for none.
osvdir=$work/osv
mkdir -p "$osvdir"
printf '%s\n' '{"id": "GHSA-0000-0000-0000", "modified": "2024-01-01T00:00:00Z", "summary": "placeholder for the benchmark", "affected": [{"package": {"ecosystem": "npm", "name": "gatehouse-bench-placeholder"}, "versions": ["0.0.1"]}]}' >"$osvdir/GHSA-0000-0000-0000.json"
scan=("$gatehouse" scan --format json --offline --osv-dir "$osvdir" --base main --head feature "$repo")
git -C "$repo" log -p main..feature >/dev/null # warm the page cache for both
measure() { # measure NAME CMD...: one line of figures
	local name=$1; shift
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/$name.stderr" || true
	awk -v name="$name" -v runs="$work/$name.runs" -F': ' '
		/Elapsed \(wall clock\)/ {wall=$2}
		/User time/ {u=$2} /System time/ {s=$2}
		/Maximum resident set size/ {rss=$2}
		END {
			printf "%-10s wall %8s  cpu %6.2fs (user %.2f + sys %.2f)  max RSS %4d MB\n", name, wall, u+s, u, s, rss/1024
			n = split(wall, part, ":"); secs = 0
			for (i = 1; i <= n; i++) secs = secs * 60 + part[i]
			printf "%.2f %.2f %d\n", secs, u+s, rss/1024 >>runs
		}' "$work/time.txt"
}
rm -f "$work/gatehouse.runs" "$work/gitleaks.runs"
for ((r = 1; r <= runs; r++)); do
	measure gatehouse "${scan[@]}"
	cp "$work/time.txt" "$work/time-gatehouse-$r.txt"
	measure gitleaks "$gitleaks" git --no-banner --redact --exit-code 0 --log-level error \
		--report-format json --report-path "$work/gitleaks.json" --log-opts "main..feature" "$repo"
done
median() { # median FILE: of the first column
	sort -n "$1" | awk '{a[NR] = $1} END {printf "%.2f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
mean_cpu() { awk '{c += $2} END {printf "%.2f", c / NR}' "$1"; }
faster=$(paste -d' ' "$work/gatehouse.runs" "$work/gitleaks.runs" | awk '$1 < $4' | wc -l)
echo "median wall: gatehouse $(median "$work/gatehouse.runs") s, gitleaks $(median "$work/gitleaks.runs") s;" \
	"mean CPU: gatehouse $(mean_cpu "$work/gatehouse.runs") s, gitleaks $(mean_cpu "$work/gitleaks.runs") s;" \
	"gatehouse faster in $faster of $runs pairs"
"${scan[@]}" >"$work/gatehouse.json" 2>/dev/null || true

# --- findings ---------------------------------------------------------------
echo
if ! jq -e '.checks[] | select(.name == "secrets")' "$work/gatehouse.json" >/dev/null; then
	echo "NOTE: this gatehouse build runs no secrets check (buildChecks does not list it): its figures cover DLP and dependencies only"
fi
echo "gatehouse: $(jq '[.findings[] | select(.check == "secrets")] | length' "$work/gatehouse.json") secret findings, $(jq '[.findings[] | select(.check == "dlp")] | length' "$work/gatehouse.json") DLP findings; verdict $(jq -r .verdict.conclusion "$work/gatehouse.json")"
jq -r '[.findings[] | select(.check == "secrets") | .rule_id] | group_by(.) | map("  \(length)\t\(.[0])") | .[]' "$work/gatehouse.json"
echo "gitleaks: $(jq length "$work/gitleaks.json") findings"
jq -r '[.[] | .RuleID] | group_by(.) | map("  \(length)\t\(.[0])") | .[]' "$work/gitleaks.json"
planted=$(git -C "$repo" log --format= --name-only --diff-filter=A main..feature -- deploy/ | sort -u)
found() { # found FILE-OF-PATHS: how many planted files it names
	sort -u "$1" | grep -c -F -x -f <(printf '%s\n' "$planted") || true
}
jq -r '.findings[] | select(.check == "secrets") | .path' "$work/gatehouse.json" >"$work/gh.paths"
jq -r '.[] | .File' "$work/gitleaks.json" >"$work/gl.paths"
echo "planted files reported: gatehouse $(found "$work/gh.paths") / $(printf '%s\n' "$planted" | wc -l), gitleaks $(found "$work/gl.paths") / $(printf '%s\n' "$planted" | wc -l)"
# gitleaks reports a secret once per commit that adds it (a moved line is
# reported again); gatehouse once per secret, at the head's line when the head
# still has it. So compare distinct secrets per file and rule; gitleaks' are
# counted from a report that is deleted at once and never printed.
"$gitleaks" git --no-banner --exit-code 0 --log-level error --report-format json \
	--report-path "$work/gitleaks-raw.json" --log-opts "main..feature" "$repo" 2>/dev/null
jq -r '.[] | [.File, .RuleID, .Secret] | @tsv' "$work/gitleaks-raw.json" | sort -u | cut -f1,2 | sort | uniq -c >"$work/gl.count"
rm -f "$work/gitleaks-raw.json"
jq -r '.findings[] | select(.check == "secrets") | "\(.path)\t\(.rule_id)"' "$work/gatehouse.json" | sort | uniq -c >"$work/gh.count"
echo "distinct secrets: gatehouse $(awk '{n += $1} END {print n + 0}' "$work/gh.count"), gitleaks $(awk '{n += $1} END {print n + 0}' "$work/gl.count") (in $(wc -l <"$work/gh.count") and $(wc -l <"$work/gl.count") file/rule pairs)"
if diff -q "$work/gh.count" "$work/gl.count" >/dev/null; then
	echo "per file and rule: the same counts"
else
	echo "per file and rule, where they differ (< gatehouse, > gitleaks):"
	diff "$work/gh.count" "$work/gl.count" | grep '^[<>]' | sed 's/^/  /' || true
fi
