# Sourced by the bench scripts: sets $gatehouse and $gitleaks to binaries
# built with the gore2regex tag (RE2 through WASM), unless GATEHOUSE_BIN and
# GITLEAKS_BIN name some. Needs $here (the repository) and $work (a scratch
# directory); gitleaks v8.30.1 is built from the module cache, fetched with
# `go mod download` if missing.
gatehouse=${GATEHOUSE_BIN:-}
if [ -z "$gatehouse" ]; then
	gatehouse=$work/gatehouse
	(cd "$here" && go build -tags gore2regex -o "$gatehouse" ./cmd/gatehouse)
fi
gitleaks=${GITLEAKS_BIN:-}
if [ -z "$gitleaks" ]; then
	gitleaks=$work/gitleaks
	gitleaks_src=$(go env GOMODCACHE)/github.com/zricethezav/gitleaks/v8@v8.30.1
	[ -d "$gitleaks_src" ] || (cd "$here" && go mod download github.com/zricethezav/gitleaks/v8@v8.30.1)
	(cd "$gitleaks_src" && go build -tags gore2regex -o "$gitleaks" .)
fi

