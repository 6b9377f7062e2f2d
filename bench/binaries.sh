# Sourced by the bench scripts: sets $gatehouse and $gitleaks to the binaries
# users run, unless GATEHOUSE_BIN and GITLEAKS_BIN name some: gatehouse's
# release build (deploy/build.sh: native RE2, static; GATEHOUSE_BUILD=wasm
# builds with the gore2regex tag alone, RE2 through WebAssembly) and gitleaks
# v8.30.1 as its releases are built (the gore2regex tag: RE2 through
# WebAssembly), from the module cache, fetched with `go mod download` if
# missing. Needs $here (the repository) and $work (a scratch directory).
gatehouse=${GATEHOUSE_BIN:-}
if [ -z "$gatehouse" ]; then
	gatehouse=$work/gatehouse
	if [ "${GATEHOUSE_BUILD:-release}" = wasm ]; then
		(cd "$here" && go build -tags gore2regex -o "$gatehouse" ./cmd/gatehouse)
	else
		"$here/deploy/build.sh" "$gatehouse"
	fi
fi
gitleaks=${GITLEAKS_BIN:-}
if [ -z "$gitleaks" ]; then
	gitleaks=$work/gitleaks
	gitleaks_src=$(go env GOMODCACHE)/github.com/zricethezav/gitleaks/v8@v8.30.1
	[ -d "$gitleaks_src" ] || (cd "$here" && go mod download github.com/zricethezav/gitleaks/v8@v8.30.1)
	(cd "$gitleaks_src" && go build -tags gore2regex -o "$gitleaks" .)
fi

