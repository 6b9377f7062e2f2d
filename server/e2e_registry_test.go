package server_test

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/checkstest"
)

// The example check stands for one Gatehouse does not ship: registered
// like any check, it must get its own run, section and alert, with nothing
// else touched. The harness runs it only where a test asks for it.
func init() { checks.Register(checkstest.ExampleRegistration) }

func TestARegisteredCheckRunsWithItsOwnRunSectionAndAlert(t *testing.T) {
	t.Parallel()
	sink, url := newSink(t)
	e := newEnv(t, withRegisteredChecks(), withNotify(url))
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": "version: 1\nexample:\n  words: [internal]\n"}))
	pr := e.openPR("feature", map[string]string{"docs/internal-plan.md": "plan\n", "README.md": "hello\n"})
	e.opened(pr)

	run := e.run(pr, "gatehouse/example")
	if run.Conclusion != "failure" || run.Title != "1 path(s) hold a listed word" {
		t.Errorf("gatehouse/example = %s %q, want failure with its own title", run.Conclusion, run.Title)
	}
	mustContain(t, "gatehouse/example summary", run.Summary, "docs/internal-plan.md")
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Errorf("gate = %s: the example check's finding did not count", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, "example: 1 path(s) hold a listed word", "| gatehouse/example | ❌ failure |")
	rows := []string{"| gatehouse/secrets |", "| gatehouse/dependencies |", "| gatehouse/dlp |", "| gatehouse/example |"}
	for i, prev := 0, -1; i < len(rows); i++ {
		at := strings.Index(gate.Summary, rows[i])
		if at < 0 || at < prev {
			t.Errorf("the gate summary lacks %s, or lists it before the check registered ahead of it:\n%s", rows[i], gate.Summary)
		}
		prev = at
	}
	for _, name := range []string{"gatehouse/secrets", "gatehouse/dependencies", "gatehouse/dlp"} {
		if r := e.run(pr, name); r.Conclusion != "success" {
			t.Errorf("%s = %s, want success: the extra check changed another's run", name, r.Conclusion)
		}
	}
	e.assertOneRunEach(pr.HeadSHA())
	sink.waitFor(t, "Listed words in docs/internal-plan.md")
}

func TestARegisteredCheckSectionFailsTheGateNamingTheLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withRegisteredChecks())
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": "version: 1\nexample:\n  words: [internal, \" \"]\n  word: [x]\n"}))
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, ".security.yml", `:4:3: example.word: unknown key "word" (did you mean "words"?)`)
	if r := e.run(pr, "gatehouse/example"); r.Conclusion != "failure" {
		t.Errorf("gatehouse/example = %s, want failure while the policy is invalid", r.Conclusion)
	}
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": "version: 1\nexample:\n  words: [internal, \" \"]\n"}))
	pr2 := e.openPR("feature2", map[string]string{"b.txt": "b\n"})
	e.opened(pr2)
	mustContain(t, "gate summary", e.run(pr2, "gatehouse").Summary, ":3:21: example.words[1]: must not be empty")
}
