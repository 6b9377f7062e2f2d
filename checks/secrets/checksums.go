package secrets

import "regexp"

// goSumLine is a go.sum (or go.work.sum) entry: module, version, and the
// base64 "h1:" hash of its content. The hash is high-entropy and follows
// words such as "oauth2" or "auth", so gitleaks' generic rule takes it for a
// key; it is a public checksum, not a credential.
var goSumLine = regexp.MustCompile(`^\s*\S+ v\S+ h1:[A-Za-z0-9+/]{43}=\s*$`)

// isModuleChecksum reports whether a line is a Go module checksum entry.
func isModuleChecksum(line string) bool { return goSumLine.MatchString(line) }
