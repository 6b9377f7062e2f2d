package dlp

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/checkstest"
	"github.com/gatehouse-sec/gatehouse/config"
)

func TestMatch(t *testing.T) {
	cases := []struct {
		glob, path string
		want       bool
	}{
		{"**/*.pem", "certs/server.pem", true},
		{"**/*.pem", "server.pem", true},
		{"*.pem", "deep/dir/server.pem", true},
		{"**/id_rsa", "home/.ssh/ID_RSA", true},
		{"**/.env", ".env", true},
		{"**/.env", "app/.envrc", false},
		{"**/.env.*", "app/.env.production", true},
		{".github/workflows/**", ".github/workflows/ci.yml", true},
		{".github/workflows/**", "src/.github/workflows/ci.yml", false},
		{"deploy/**", "deploy/prod/values.yaml", true},
		{"CODEOWNERS", "CODEOWNERS", true},
		{"CODEOWNERS", "docs/CODEOWNERS", true},
		{"**/*.tfstate", "infra/terraform.tfstate", true},
		{"**/*.tfstate", "infra/terraform.tfstate.d/x", false},
		{"/id_rsa", "id_rsa", true},
		{"/id_rsa", "home/id_rsa", false}, // a leading slash anchors (it used to be dropped)
	}
	for _, c := range cases {
		t.Run(c.glob+" "+c.path, func(t *testing.T) {
			if got := config.MustGlob(c.glob).Match(c.path); got != c.want {
				t.Errorf("Match(%q, %q) = %v, want %v", c.glob, c.path, got, c.want)
			}
		})
	}
}

func TestRun(t *testing.T) {
	const head = "head"
	cases := []struct {
		name       string
		files      []checks.File
		contents   map[string]string // at head
		policy     func(*config.Policy)
		commits    map[string][]checks.File
		conclusion checks.Conclusion
		rules      []string // rule@path of findings, in order
		needs      []string // subjects of approval needs
	}{
		{name: "clean", files: []checks.File{checkstest.AddedFile("main.go", "package main")},
			contents: map[string]string{"main.go": "package main"}, conclusion: checks.Success},
		{name: "private key file", files: []checks.File{checkstest.AddedFile("deploy/id_rsa", "x")},
			conclusion: checks.Failure, rules: []string{"forbidden-file@deploy/id_rsa"}},
		{name: "env file, but the example is fine", files: []checks.File{checkstest.AddedFile(".env", "A=1"), checkstest.AddedFile(".env.example", "A=")},
			conclusion: checks.Failure, rules: []string{"forbidden-file@.env"}},
		{name: "pem certificate is fine, pem key is not",
			files:      []checks.File{checkstest.AddedFile("a/cert.pem", "c"), checkstest.AddedFile("a/key.pem", "k")},
			contents:   map[string]string{"a/cert.pem": "-----BEGIN CERTIFICATE-----", "a/key.pem": "-----BEGIN EC PRIVATE KEY-----"},
			conclusion: checks.Failure, rules: []string{"forbidden-file@a/key.pem"}},
		{name: "service account json", files: []checks.File{checkstest.AddedFile("sa.json", "{}")},
			contents:   map[string]string{"sa.json": `{"type": "service_account", "private_key_id": "abc"}`},
			conclusion: checks.Failure, rules: []string{"forbidden-file@sa.json"}},
		{name: "repo forbidden glob", files: []checks.File{checkstest.AddedFile("data/customers.csv", "x")},
			policy:     func(p *config.Policy) { p.DLP.Forbidden = config.MustGlobs("data/**/*.csv") },
			conclusion: checks.Failure, rules: []string{"forbidden-file@data/customers.csv"}},
		// dlp lists follow the policy's one glob rule (config.Glob).
		{name: "forbidden *.lock at any depth", files: []checks.File{checkstest.AddedFile("web/yarn.lock", "x")},
			policy:     func(p *config.Policy) { p.DLP.Forbidden = config.MustGlobs("*.lock") },
			conclusion: checks.Failure, rules: []string{"forbidden-file@web/yarn.lock"}},
		{name: "forbidden *.LOCK is *.lock", files: []checks.File{checkstest.AddedFile("web/Yarn.lock", "x")},
			policy:     func(p *config.Policy) { p.DLP.Forbidden = config.MustGlobs("*.LOCK") },
			conclusion: checks.Failure, rules: []string{"forbidden-file@web/Yarn.lock"}},
		{name: "forbidden with a leading slash is the root's only",
			files:      []checks.File{checkstest.AddedFile("dump.csv", "x"), checkstest.AddedFile("fixtures/dump.csv", "x")},
			policy:     func(p *config.Policy) { p.DLP.Forbidden = config.MustGlobs("/dump.csv") },
			conclusion: checks.Failure, rules: []string{"forbidden-file@dump.csv"}},
		{name: "sensitive area: a slash makes it a path from the root",
			files: []checks.File{checkstest.AddedFile("Auth/login.go", "x"), checkstest.AddedFile("web/auth/login.go", "x")},
			policy: func(p *config.Policy) {
				p.DLP.Sensitive = []config.SensitiveArea{{Paths: config.MustGlobs("auth/**"), Reason: "authentication"}}
			},
			conclusion: checks.Success, needs: []string{"Auth/login.go"}},
		{name: "deleting a forbidden file is fine", files: []checks.File{{Path: ".env", Status: "removed"}}, conclusion: checks.Success},
		{name: "forbidden file added then removed in history",
			files: []checks.File{checkstest.AddedFile("README.md", "x")},
			commits: map[string][]checks.File{
				"c1": {checkstest.AddedFile("secrets/.env", "A=1")},
				"c2": {{Path: "secrets/.env", Status: "removed"}, checkstest.AddedFile("README.md", "x")},
			},
			conclusion: checks.Failure, rules: []string{"forbidden-file@secrets/.env"}},
		{name: "workflow is sensitive", files: []checks.File{checkstest.AddedFile(".github/workflows/ci.yml", "on: push")},
			conclusion: checks.Success, needs: []string{".github/workflows/ci.yml"}},
		{name: "policy file and CODEOWNERS are sensitive", files: []checks.File{checkstest.AddedFile(".security.yml", "version: 1"), checkstest.AddedFile("CODEOWNERS", "* @a")},
			conclusion: checks.Success, needs: []string{".security.yml", "CODEOWNERS"}},
		{name: "repo sensitive area", files: []checks.File{checkstest.AddedFile("auth/login.go", "x")},
			policy: func(p *config.Policy) {
				p.DLP.Sensitive = []config.SensitiveArea{{Paths: config.MustGlobs("auth/**"), Reason: "authentication"}}
			},
			conclusion: checks.Success, needs: []string{"auth/login.go"}},
		{name: "oversize", files: []checks.File{checkstest.AddedFile("big.txt", "x")},
			contents:   map[string]string{"big.txt": strings.Repeat("x", 2048)},
			policy:     func(p *config.Policy) { p.DLP.MaxFileSize = config.KB },
			conclusion: checks.Failure, rules: []string{"oversize-file@big.txt"}},
		{name: "binary warns", files: []checks.File{{Path: "logo.png", Status: "added", PatchMissing: true}},
			conclusion: checks.Success, rules: []string{"binary-file@logo.png"}},
		{name: "binary fails when configured", files: []checks.File{{Path: "tool.exe", Status: "added", PatchMissing: true}},
			policy:     func(p *config.Policy) { p.DLP.Binary = "fail" },
			conclusion: checks.Failure, rules: []string{"binary-file@tool.exe"}},
		{name: "disabled", files: []checks.File{checkstest.AddedFile("id_rsa", "x")},
			policy: func(p *config.Policy) { p.DLP.Enabled = false }, conclusion: checks.Neutral},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := checkstest.New()
			for p, content := range c.contents {
				src.Put(head, p, content)
			}
			cs := &checks.ChangeSet{HeadSHA: head, Files: c.files, Source: src}
			for sha, files := range c.commits {
				src.Commits[sha] = files
			}
			for _, sha := range []string{"c1", "c2"} {
				if _, ok := c.commits[sha]; ok {
					cs.Commits = append(cs.Commits, checks.Commit{SHA: sha})
				}
			}
			p := config.Default()
			if c.policy != nil {
				c.policy(p)
			}
			res, err := New().Run(context.Background(), cs, p)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Conclusion != c.conclusion {
				t.Errorf("conclusion = %s, want %s (%s)", res.Conclusion, c.conclusion, res.Title)
			}
			var rules []string
			for _, f := range res.Findings {
				rules = append(rules, f.RuleID+"@"+f.Path)
			}
			if strings.Join(rules, ",") != strings.Join(c.rules, ",") {
				t.Errorf("findings = %v, want %v", rules, c.rules)
			}
			var needs []string
			for _, n := range res.Needs {
				needs = append(needs, n.Subject)
			}
			if strings.Join(needs, ",") != strings.Join(c.needs, ",") {
				t.Errorf("needs = %v, want %v", needs, c.needs)
			}
		})
	}
}

// A change set whose commits cannot be read is an error of the evaluation,
// never a panic or a pass.
func TestRunWithoutASourceForTheCommits(t *testing.T) {
	cs := &checks.ChangeSet{HeadSHA: "head", Commits: []checks.Commit{{SHA: "c1"}}}
	res, err := New().Run(context.Background(), cs, config.Default())
	if err == nil || !strings.Contains(err.Error(), "no source") {
		t.Fatalf("Run = %v, %v; want an error naming the missing source", res, err)
	}
}
