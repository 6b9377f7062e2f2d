package config

// Default returns the secure defaults that apply when a repository has no
// policy, and beneath every key a policy leaves out. Every default lives here.
func Default() *Policy {
	return &Policy{
		Version: 1,
		InfoSec: InfoSec{
			RequiredApprovals: 1,
			Label:             "security-review",
		},
		Secrets: Secrets{Enabled: true, History: true, Allow: SecretsAllow{Inline: InlineNeedsApproval}},
		Dependencies: Dependencies{
			Enabled:        true,
			FailOnSeverity: "high",
			Licenses:       Licenses{Unknown: "warn"},
			PinActions:     "warn",
		},
		DLP: DLP{
			Enabled:     true,
			MaxFileSize: 5 * MB,
			Binary:      "warn",
		},
		Override: Override{Label: "security-override"},
		Source:   "built-in defaults",
	}
}

// BuiltinForbidden are files that must never be committed, whatever the policy
// says: private keys, keystores, credentials and state files that hold secrets.
// A repository adds to the list with dlp.forbidden; it cannot remove from it
// (a false positive is handled with the override, which is audited).
var BuiltinForbidden = []ForbiddenRule{
	{Glob: "**/*.key", Reason: "private key file"},
	{Glob: "**/id_rsa", Reason: "SSH private key"},
	{Glob: "**/id_dsa", Reason: "SSH private key"},
	{Glob: "**/id_ecdsa", Reason: "SSH private key"},
	{Glob: "**/id_ed25519", Reason: "SSH private key"},
	{Glob: "**/*.ppk", Reason: "PuTTY private key"},
	{Glob: "**/*.p12", Reason: "PKCS#12 keystore"},
	{Glob: "**/*.pfx", Reason: "PKCS#12 keystore"},
	{Glob: "**/*.jks", Reason: "Java keystore"},
	{Glob: "**/*.keystore", Reason: "keystore"},
	{Glob: "**/*.asc", Reason: "armored PGP key", ContentMarker: "PRIVATE KEY BLOCK"},
	{Glob: "**/*.gpg", Reason: "GPG keyring"},
	{Glob: "**/secring.*", Reason: "GPG secret keyring"},
	{Glob: "**/*.pem", Reason: "PEM file holding a private key", ContentMarker: "PRIVATE KEY"},
	{Glob: "**/.env", Reason: "environment file with secrets"},
	{Glob: "**/.env.*", Reason: "environment file with secrets", Except: []string{"**/.env.example", "**/.env.sample", "**/.env.template", "**/.env.dist", "**/.env.defaults"}},
	{Glob: "**/.aws/credentials", Reason: "AWS credentials file"},
	{Glob: "**/.boto", Reason: "AWS/GCS boto credentials"},
	{Glob: "**/.s3cfg", Reason: "S3 credentials"},
	{Glob: "**/.azure/accessTokens.json", Reason: "Azure CLI tokens"},
	{Glob: "**/.config/gcloud/**", Reason: "Google Cloud SDK credentials"},
	{Glob: "**/*.json", Reason: "Google Cloud service-account key", ContentMarker: `"private_key_id"`},
	{Glob: "**/.kube/config", Reason: "Kubernetes credentials"},
	{Glob: "**/kubeconfig", Reason: "Kubernetes credentials"},
	{Glob: "**/.docker/config.json", Reason: "Docker registry credentials"},
	{Glob: "**/*.tfstate", Reason: "Terraform state holds secrets in clear text"},
	{Glob: "**/*.tfstate.backup", Reason: "Terraform state holds secrets in clear text"},
	{Glob: "**/*.tfvars", Reason: "Terraform variables often hold secrets", Except: []string{"**/*.example.tfvars"}},
	{Glob: "**/.npmrc", Reason: "npm auth token", ContentMarker: "_auth"},
	{Glob: "**/.pypirc", Reason: "PyPI credentials", ContentMarker: "password"},
	{Glob: "**/.gem/credentials", Reason: "RubyGems API key"},
	{Glob: "**/.cargo/credentials", Reason: "crates.io token"},
	{Glob: "**/.cargo/credentials.toml", Reason: "crates.io token"},
	{Glob: "**/.netrc", Reason: "machine credentials"},
	{Glob: "**/_netrc", Reason: "machine credentials"},
	{Glob: "**/.git-credentials", Reason: "git credentials"},
	{Glob: "**/.htpasswd", Reason: "password hashes"},
	{Glob: "**/*.kdbx", Reason: "KeePass database"},
	{Glob: "**/*.keychain", Reason: "macOS keychain"},
	{Glob: "**/.bash_history", Reason: "shell history"},
	{Glob: "**/.zsh_history", Reason: "shell history"},
	{Glob: "**/.mysql_history", Reason: "database shell history"},
	{Glob: "**/.psql_history", Reason: "database shell history"},
	{Glob: "**/*.ovpn", Reason: "VPN profile with keys", ContentMarker: "<key>"},
	{Glob: "**/wp-config.php", Reason: "WordPress config with database password"},
	{Glob: "**/*.sqlite", Reason: "database file"},
	{Glob: "**/*.sql.gz", Reason: "database dump"},
	{Glob: "**/*.dump", Reason: "database dump"},
}

// BuiltinSensitive are the areas whose change always needs InfoSec approval.
var BuiltinSensitive = []SensitiveArea{
	{Paths: MustGlobs(".github/workflows/**"), Reason: "CI workflows run with repository secrets and can exfiltrate them"},
	{Paths: MustGlobs(FileName), Reason: "the security policy itself"},
	{Paths: MustGlobs("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"), Reason: "code ownership decides who must review"},
}

// ForbiddenRule is one built-in forbidden pattern.
type ForbiddenRule struct {
	// Glob is read by the policy's one glob rule (see Glob).
	Glob string
	// Reason explains the risk to the author.
	Reason string
	// ContentMarker, when set, makes the rule apply only when the file's content
	// holds it (a .pem that is only a certificate is fine; a .json that is a
	// service-account key is not).
	ContentMarker string
	// Except are globs the rule does not apply to (templates, examples),
	// matched by the same rule.
	Except []string
}
