package server_test

import (
	"fmt"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

func TestInvalidBasePolicyFailsNamingTheLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{
		".security.yml": "version: 1\ndlp:\n  enabled: true\n  forbiden: ['*.csv']\n",
	}))
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, ".security.yml", ":4:3: dlp.forbiden: unknown key", "did you mean \"forbidden\"")
	for _, name := range []string{"gatehouse/secrets", "gatehouse/dependencies", "gatehouse/dlp"} {
		if r := e.run(pr, name); r.Conclusion != "failure" {
			t.Errorf("%s = %s, want failure while the policy is invalid", name, r.Conclusion)
		}
	}
}

func TestHeadPolicyDoesNotGovernItsOwnPR(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		head     string
		summary  string
		wantGate string
	}{
		// The PR disables DLP and adds a forbidden file: the base policy still applies.
		{"weakening ignored", "version: 1\ndlp:\n  enabled: false\n", "is valid. It does not govern this pull request", "failure"},
		{"invalid head policy reported", "version: 1\ndlp:\n  enabled: nope\n", "is **invalid**", "failure"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			pr := e.openPR(fmt.Sprintf("weaken-%d", i), map[string]string{".security.yml": c.head, "id_rsa": "key\n"})
			e.opened(pr)
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != c.wantGate {
				t.Fatalf("gate = %s %q", gate.Conclusion, gate.Title)
			}
			if dlp := e.run(pr, "gatehouse/dlp"); dlp.Conclusion != "failure" {
				t.Errorf("dlp = %s: the PR's own policy switched it off", dlp.Conclusion)
			}
			mustContain(t, "gate summary", gate.Summary, c.summary, ".security.yml")
		})
	}
}

func TestOrgDefaultPolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	org := e.gh.AddRepo("octo-org", ".github")
	org.Commit("main", "org policy", "admin", contents(map[string]string{
		".security.yml": "version: 1\ndlp:\n  forbidden: ['**/*.csv']\n",
	}))
	pr := e.openPR("data", map[string]string{"export/customers.csv": "a,b\n"})
	e.opened(pr)
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Fatalf("gate = %s: the org default was not applied", gate.Conclusion)
	}
	mustContain(t, "gate summary", e.run(pr, "gatehouse").Summary, "octo-org/.github")
}

func TestUnreadablePolicyFailsClosedNamingTheCause(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/contents/\.security\.yml`, Status: 502})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s: an unreadable policy must not fall back to defaults", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, "failed to read .security.yml", "502")
	if n := e.gh.CallCount("GET", `/contents/\.security\.yml`); n < 2 {
		t.Errorf("the policy read was tried %d times, want retries", n)
	}
}
