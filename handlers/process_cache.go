package handlers

import (
	"encoding/json"
	"time"

	"github.com/google/go-github/v60/github"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/gatehouse-sec/gatehouse/internal/httpx"
)

// processCache keeps, across evaluations, what Gatehouse itself last wrote or
// learned, so that a re-run of an unchanged commit costs almost no rate limit:
// its own check runs per head SHA (only the App can change them), its InfoSec
// comment per pull request, and recent "no policy file here" answers (GitHub
// sends no ETag on a 404, so the HTTP cache cannot revalidate them). All of it
// is bounded; losing it costs API calls, never correctness.
//
// With replicas, other processes of the same App write the same runs and
// comments: then (replicas set) the runs and comment memos are not trusted,
// and each evaluation reads them from GitHub under its pull request's lock.
type processCache struct {
	runs       *httpx.ByteLRU
	replicas   bool
	comments   *lru.Cache[string, commentMemo]
	policyMiss *lru.Cache[string, time.Time]
	missTTL    time.Duration
}

type commentMemo struct {
	id   int64
	body string
}

// rememberedPullRequests bounds the comment and policy memos: past it the
// least recently used are forgotten, which costs one lookup each.
const rememberedPullRequests = 50000

func newProcessCache() *processCache {
	comments, _ := lru.New[string, commentMemo](rememberedPullRequests)
	misses, _ := lru.New[string, time.Time](rememberedPullRequests)
	return &processCache{runs: httpx.NewByteLRU(32 << 20), comments: comments, policyMiss: misses, missTTL: time.Minute}
}

func (c *processCache) getRuns(key string) map[string]*github.CheckRun {
	if c.replicas {
		return nil
	}
	b, ok := c.runs.Get(key)
	if !ok {
		return nil
	}
	var out map[string]*github.CheckRun
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

func (c *processCache) putRuns(key string, runs map[string]*github.CheckRun) {
	slim := make(map[string]*github.CheckRun, len(runs))
	for name, r := range runs {
		// Keep what the next evaluation reads; annotations can be large.
		slim[name] = &github.CheckRun{ID: r.ID, Name: r.Name, Status: r.Status, Conclusion: r.Conclusion,
			ExternalID: r.ExternalID, App: r.App, Output: &github.CheckRunOutput{
				Text: r.GetOutput().Text, AnnotationsCount: r.GetOutput().AnnotationsCount}}
	}
	if b, err := json.Marshal(slim); err == nil {
		c.runs.Set(key, b)
	}
}

func (c *processCache) comment(key string) (commentMemo, bool) {
	if c.replicas {
		return commentMemo{}, false
	}
	return c.comments.Get(key)
}

func (c *processCache) setComment(key string, m commentMemo) {
	c.comments.Add(key, m)
}

// recentMiss reports whether key had no policy file less than a TTL ago.
func (c *processCache) recentMiss(key string, now time.Time) bool {
	t, ok := c.policyMiss.Get(key)
	return ok && now.Sub(t) < c.missTTL
}

func (c *processCache) setMiss(key string, now time.Time, miss bool) {
	if !miss {
		c.policyMiss.Remove(key)
		return
	}
	c.policyMiss.Add(key, now)
}
