package githubio

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
		pc := NewProcessCache(1<<20, c.replicas)
		pc.PutRuns("o/r@sha", map[string]*github.CheckRun{"gatehouse": {ID: github.Int64(7), Name: github.String("gatehouse"), Output: &github.CheckRunOutput{}}})
		pc.SetComment("o/r#1", CommentMemo{ID: 9, Body: "x"})
		_, commentOK := pc.Comment("o/r#1")
		if got := pc.Runs("o/r@sha") != nil; got != c.want || commentOK != c.want {
			t.Errorf("replicas=%v: runs remembered %v, comment remembered %v; want %v", c.replicas, got, commentOK, c.want)
		}
	}
}
