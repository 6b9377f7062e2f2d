package server_test

import (
	"fmt"
	"math/rand"
	"testing"
)

// TestPolicyGlobsReadOneWay shows the policy's one glob rule (config.Glob)
// from a pull request's side, with one pattern in two lists: without a
// slash it is a base name at any depth, and case is ignored ("*.LOCK" waives
// the secret in web/yarn.lock and skips that corrupt lockfile, where
// secrets.allow.paths and dependencies.ignore_paths used to read it as a
// case-sensitive path from the root and match nothing); a leading "/"
// keeps it to the root.
func TestPolicyGlobsReadOneWay(t *testing.T) {
	t.Parallel()
	token := "gh" + "p_" + randFrom(rand.New(rand.NewSource(19)), alnum, 36) // built here: no token-shaped literal in the repository
	cases := []struct {
		name, glob               string
		secrets, deps, gate, why string
	}{
		{"*.LOCK is web/yarn.lock", "*.LOCK", "success", "success", "success", `path matches secrets.allow.paths "*.LOCK"`},
		{"/yarn.lock is the root's only", "/yarn.lock", "failure", "failure", "failure", "1 secret found"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.repo.Commit("main", "policy", "admin", contents(map[string]string{
				".security.yml": fmt.Sprintf("version: 1\nsecrets:\n  allow:\n    paths: [%q]\ndependencies:\n  ignore_paths: [%[1]q]\n", c.glob),
			}))
			pr := e.openPR(fmt.Sprintf("lock-%d", i), map[string]string{
				"web/yarn.lock": "not a lockfile\nregistry-token \"" + token + "\"\n",
			})
			e.opened(pr)
			secrets := e.run(pr, "gatehouse/secrets")
			if secrets.Conclusion != c.secrets {
				t.Fatalf("gatehouse/secrets = %s %q, want %s", secrets.Conclusion, secrets.Title, c.secrets)
			}
			mustContain(t, "secrets summary", secrets.Summary+secrets.Title, "web/yarn.lock", c.why)
			if deps := e.run(pr, "gatehouse/dependencies"); deps.Conclusion != c.deps {
				t.Errorf("gatehouse/dependencies = %s %q, want %s", deps.Conclusion, deps.Title, c.deps)
			}
			if gate := e.run(pr, "gatehouse"); gate.Conclusion != c.gate {
				t.Errorf("gate = %s %q, want %s", gate.Conclusion, gate.Title, c.gate)
			}
		})
	}
}
