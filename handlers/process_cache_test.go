package handlers

import (
	"testing"

	"github.com/google/go-github/v60/github"
)

// TestProcessCacheWithReplicas: a process alone trusts what it wrote last;
// with replicas another process may have changed the runs and the comment
// since, so the cache answers nothing and the evaluation reads GitHub.
func TestProcessCacheWithReplicas(t *testing.T) {
	for _, c := range []struct {
		replicas bool
		want     bool
	}{{false, true}, {true, false}} {
		pc := newProcessCache()
		pc.replicas = c.replicas
		pc.putRuns("o/r@sha", map[string]*github.CheckRun{RunGate: {ID: github.Int64(7), Name: github.String(RunGate), Output: &github.CheckRunOutput{}}})
		pc.setComment("o/r#1", commentMemo{id: 9, body: "x"})
		_, commentOK := pc.comment("o/r#1")
		if got := pc.getRuns("o/r@sha") != nil; got != c.want || commentOK != c.want {
			t.Errorf("replicas=%v: runs remembered %v, comment remembered %v; want %v", c.replicas, got, commentOK, c.want)
		}
	}
}
