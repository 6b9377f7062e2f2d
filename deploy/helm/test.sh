#!/usr/bin/env bash
# Lints the Gatehouse chart and renders it in each mode, checking the manifests' shape; exits
# non-zero on any error. Helm is built from the Go module proxy at a named version, outside the
# project's go.mod (the first build compiles Helm: minutes; later ones come from the build cache).
#   deploy/helm/test.sh            (HELM=/path/to/helm to use an installed one)
set -euo pipefail
cd "$(dirname "$0")/../.."

HELM_VERSION=v4.3.2
chart=deploy/helm/gatehouse
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${HELM:-}" ]; then
  GOBIN="$work/bin" go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
  HELM="$work/bin/helm"
fi
"$HELM" version

failed=0
# expect FILE REGEX...: every extended regex matches a line of FILE.
expect() {
  local f=$1; shift
  for re in "$@"; do
    grep -Eq -- "$re" "$f" || { echo "FAIL: $(basename "$f"): nothing matches: $re"; failed=1; }
  done
}
# absent FILE REGEX...: no line of FILE matches.
absent() {
  local f=$1; shift
  for re in "$@"; do
    if grep -Eq -- "$re" "$f"; then echo "FAIL: $(basename "$f"): should not match: $re"; failed=1; fi
  done
}
# refused NAME MESSAGE ARGS...: rendering fails, and the error says MESSAGE.
refused() {
  local name=$1 msg=$2; shift 2
  if "$HELM" template gh "$chart" "$@" >"$work/$name.yaml" 2>"$work/$name.err"; then
    echo "FAIL: $name: rendered, should have been refused"; failed=1
  elif ! grep -Fq -- "$msg" "$work/$name.err"; then
    echo "FAIL: $name: refused without saying \"$msg\":"; cat "$work/$name.err"; failed=1
  fi
}

postgres=(--set replicas=3 --set database.existingSecret=gatehouse-db
  --set serviceMonitor.enabled=true --set ingress.enabled=true --set ingress.host=gatehouse.example.org)

echo "--- helm lint"
"$HELM" lint --strict "$chart"
"$HELM" lint --strict "$chart" "${postgres[@]}"

# Settings every mode shares: non-root, read-only root, probes, replica name, audit file.
hardened=('runAsNonRoot: true' 'readOnlyRootFilesystem: true' 'allowPrivilegeEscalation: false'
  '- ALL' 'type: RuntimeDefault' 'automountServiceAccountToken: false'
  'path: /readyz' 'path: /healthz' 'mountPath: /tmp' 'kind: Service$' 'targetPort: http'
  'name: GATEHOUSE_REPLICA' 'fieldPath: metadata.name' 'name: GATEHOUSE_AUDIT_FILE'
  'value: "[^"]+/audit-\$\(GATEHOUSE_REPLICA\)\.log"' 'terminationGracePeriodSeconds: 90'
  'secretRef:' 'name: gatehouse$')

echo "--- helm template: defaults (one replica, SQLite on a PersistentVolumeClaim)"
"$HELM" template gh "$chart" >"$work/defaults.yaml"
expect "$work/defaults.yaml" "${hardened[@]}" 'kind: Deployment' 'replicas: 1$' 'type: Recreate' \
  'kind: PersistentVolumeClaim' 'claimName: gh-gatehouse-data' 'storage: 1Gi' \
  'value: "sqlite:///data/gatehouse.db"' 'value: "/data/audit-\$\(GATEHOUSE_REPLICA\)\.log"'
absent "$work/defaults.yaml" 'kind: PodDisruptionBudget' 'kind: ServiceMonitor' 'kind: Ingress' \
  'kind: ConfigMap' 'secretKeyRef' 'RollingUpdate' 'runAsNonRoot: false'

echo "--- helm template: Postgres, 3 replicas, ServiceMonitor, Ingress"
"$HELM" template gh "$chart" "${postgres[@]}" >"$work/postgres.yaml"
expect "$work/postgres.yaml" "${hardened[@]}" 'replicas: 3$' 'type: RollingUpdate' 'maxUnavailable: 0' \
  'kind: PodDisruptionBudget' 'minAvailable: 1' 'kind: ServiceMonitor' 'apiVersion: monitoring.coreos.com/v1' \
  'path: /metrics' 'kind: Ingress' 'host: "gatehouse.example.org"' 'path: /api/github/hook' \
  'name: gatehouse-db' 'key: GATEHOUSE_DATABASE_URL' 'topologyKey: kubernetes.io/hostname' \
  'value: "/var/lib/gatehouse/audit/audit-\$\(GATEHOUSE_REPLICA\)\.log"'
absent "$work/postgres.yaml" 'kind: PersistentVolumeClaim' 'type: Recreate' 'sqlite://'

echo "--- helm template: a config file, keys instead of envFrom, GHES"
"$HELM" template gh "$chart" --set config.workers=8 --set config.shutdown_timeout=2m \
  --set terminationGracePeriodSeconds=150 --set github.envFrom=false \
  --set github.webUrl=https://ghe.example.com --set github.v3ApiUrl=https://ghe.example.com/api/v3/ \
  >"$work/config.yaml"
expect "$work/config.yaml" 'kind: ConfigMap' 'workers: 8' '- --config' 'checksum/config:' \
  'key: GITHUB_APP_PRIVATE_KEY' 'key: GITHUB_APP_WEBHOOK_SECRET' 'key: GITHUB_APP_INTEGRATION_ID' \
  'value: "https://ghe.example.com/api/v3/"'
absent "$work/config.yaml" 'secretRef:'

echo "--- helm template: refused values"
refused sqlite-replicas 'replicas is 2 but no Postgres database is set' --set replicas=2
refused short-grace 'must exceed shutdown_timeout (120s)' --set config.shutdown_timeout=2m
refused unknown-key 'additional properties' --set replica=2

if [ "$failed" -ne 0 ]; then echo "chart checks failed"; exit 1; fi
echo "chart checks passed"
