// Package secrets is the secrets engine behind the gatehouse/secrets check run:
// a pure function of a change set and the policy's secrets section, built on
// gitleaks' detector and rules.
//
// What is scanned. With secrets.history (the default) the lines added by every
// commit of the pull request are scanned, because a secret pushed in one commit
// and deleted in the next is still leaked; the final diff is scanned as well, to
// locate each finding at the head's line when the file still has it. Without
// history only the final diff is scanned. Each run of consecutive added lines is
// one gitleaks fragment, so multi-line secrets (private keys) stay whole and
// line numbers are exact. A file whose patch GitHub omitted is fetched and
// scanned whole when it is text and not over the size cap. The pull request's
// title and body and the commit messages are scanned too.
//
// Vendored and generated paths are scanned. gitleaks' default configuration
// skips node_modules/, vendor/, lockfiles and any path containing
// "gitleaks.toml". In a pull request those files are content the author
// commits like any other: a token inside a committed node_modules/ or a
// lockfile's resolved URL is leaked all the same, and a path allow-list the
// author can satisfy by naming a file would be a way to smuggle a secret past
// the gate. So this engine drops gitleaks' global path allow-list (it keeps its
// placeholder regexes and stop words, which judge the value, not the path) and
// leaves path exceptions to the repository's own secrets.allow.paths, read from
// the base branch. Findings in allow-listed paths are still reported, as
// waived, so reviewers see them. gitleaks' path-only rules (e.g. a .p12 file)
// are left to the DLP check, which owns file-name rules.
//
// Besides gitleaks' rules the engine adds its own: credentials in URLs
// (scheme://user:pass@host), password assignments whose value has
// punctuation, which gitleaks' generic rule cannot match, credentials passed
// as command-line flags or Authorization headers, and legacy Vault tokens
// where Vault is named. They skip what cannot be a credential: placeholders,
// code, ciphertext, padding, version ranges, example passwords (see
// realPassword). All are single-line, so they run only on the lines holding
// their keywords. A value whose name is on a line above it (an env entry's
// name, a provider's mapping or block) is read with it (contextLines).
// Published examples and test vectors are recognised by the SHA-256 of their
// value only (examples.txt), never by shape, and no file by its name.
//
// Cost. Reading added lines only is the main saving on a pull request; three
// more keep gitleaks' results unchanged for less work. Its generic-api-key
// rule reads only the lines around its keywords, which provably holds all its
// matches (genericWindows). Text in which its decoder would find nothing to
// decode skips the decoding passes (mayDecode). And where there is something
// to decode, the passes, which rerun every rule over the whole text up to
// five times and cost more than all the rest on the benchmark's Go sources
// (bench/scan-vs-gitleaks.sh), read only the lines
// around it (decodeWindows), except for the few rules whose matches are
// unbounded in lines, which run on the whole text only when it or what its
// windows decode to holds what they need (ruleNeed). Files are scanned
// concurrently, GOMAXPROCS at a time.
//
// gitleaks is used with care for its global state: its default rules are
// loaded once per process with a private viper instance, repository rules are
// compiled here under recover (a bad regex is an error naming the rule, never
// a panic), and its package-global logger, which writes secret values at
// trace level, is silenced.
package secrets
