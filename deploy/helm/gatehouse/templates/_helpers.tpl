{{/* Names, labels and the checks every template relies on. */}}

{{- define "gatehouse.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gatehouse.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "gatehouse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gatehouse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "gatehouse.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "gatehouse.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "gatehouse.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "gatehouse.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "gatehouse.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* "true" when the queue is on Postgres (a database URL Secret is given). */}}
{{- define "gatehouse.postgres" -}}
{{- if .Values.database.existingSecret -}}true{{- end -}}
{{- end -}}

{{/* The SQLite data volume's claim name. */}}
{{- define "gatehouse.claimName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "gatehouse.fullname" .)) -}}
{{- end -}}

{{/* Directory of the per-replica audit files. */}}
{{- define "gatehouse.auditDir" -}}
{{- if or .Values.audit.existingClaim (include "gatehouse.postgres" .) -}}
{{- .Values.audit.mountPath -}}
{{- else -}}
{{- .Values.persistence.mountPath -}}
{{- end -}}
{{- end -}}

{{/*
shutdown_timeout from the config file in seconds (60 when unset). Go durations such as
"90s", "2m" or "1m30s" are read; anything else fails rendering rather than being guessed.
*/}}
{{- define "gatehouse.shutdownSeconds" -}}
{{- $raw := toString (index .Values.config "shutdown_timeout" | default "60s") -}}
{{- if not (regexMatch "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$" $raw) -}}
{{- fail (printf "config.shutdown_timeout %q: write it as a Go duration in h, m and s, e.g. 60s or 1m30s" $raw) -}}
{{- end -}}
{{- $h := regexFind "[0-9]+h" $raw | trimSuffix "h" | default "0" | atoi -}}
{{- $m := regexFind "[0-9]+m" $raw | trimSuffix "m" | default "0" | atoi -}}
{{- $s := regexFind "[0-9]+s" $raw | trimSuffix "s" | default "0" | atoi -}}
{{- add (mul $h 3600) (mul $m 60) $s -}}
{{- end -}}

{{/* Refuses values that would lose work or double-evaluate, with the fix in the message. */}}
{{- define "gatehouse.validate" -}}
{{- $replicas := int .Values.replicas -}}
{{- if and (gt $replicas 1) (not (include "gatehouse.postgres" .)) -}}
{{- fail (printf "replicas is %d but no Postgres database is set: several replicas need a shared queue. Set database.existingSecret to a Secret holding a postgres:// URL (key %s), or set replicas to 1 to keep the queue in SQLite on a PersistentVolumeClaim." $replicas .Values.database.key) -}}
{{- end -}}
{{- $shutdown := int (include "gatehouse.shutdownSeconds" .) -}}
{{- if le (int .Values.terminationGracePeriodSeconds) $shutdown -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed shutdown_timeout (%ds): Kubernetes would kill running evaluations before they finish" (int .Values.terminationGracePeriodSeconds) $shutdown) -}}
{{- end -}}
{{- if not .Values.github.existingSecret -}}
{{- fail "github.existingSecret: name the Secret with the App's credentials (gatehouse setup --out-format k8s-secret writes one named gatehouse)" -}}
{{- end -}}
{{- end -}}
