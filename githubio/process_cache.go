package githubio

import (
	"encoding/json"
	"time"

	"github.com/google/go-github/v60/github"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/gatehouse-sec/gatehouse/internal/httpx"
)

// ProcessCache keeps, across evaluations, what never changes and what
// Gatehouse itself last wrote or learned, so that a re-run of an unchanged
// commit costs almost no rate limit: commit diffs (immutable), its own check
// runs per head SHA (only the App can change them), its InfoSec comment per
// pull request, and recent "no policy file here" answers (GitHub sends no
// ETag on a 404, so the HTTP cache cannot revalidate them). All of it is
// bounded; losing it costs API calls, never correctness.
//
// With replicas, other processes of the same App write the same runs and
// comments: then the runs and comment memos are not trusted, and each
// evaluation reads them from GitHub under its pull request's lock.
type ProcessCache struct {
	commits    *httpx.ByteLRU
	runs       *httpx.ByteLRU
	replicas   bool
	comments   *lru.Cache[string, CommentMemo]
	policyMiss *lru.Cache[string, time.Time]
	missTTL    time.Duration
}

// CommentMemo is the id and body of Gatehouse's comment on a pull request.
type CommentMemo struct {
	ID   int64
	Body string
}

// rememberedPullRequests bounds the comment and policy memos: past it the
// least recently used are forgotten, which costs one lookup each.
const rememberedPullRequests = 50000

// NewProcessCache returns an empty cache keeping at most commitBytes of
// commit diffs. replicas says other processes write this App's runs and
// comments too.
func NewProcessCache(commitBytes int, replicas bool) *ProcessCache {
	comments, _ := lru.New[string, CommentMemo](rememberedPullRequests)
	misses, _ := lru.New[string, time.Time](rememberedPullRequests)
	return &ProcessCache{commits: httpx.NewByteLRU(commitBytes), runs: httpx.NewByteLRU(32 << 20), replicas: replicas,
		comments: comments, policyMiss: misses, missTTL: time.Minute}
}

// Runs returns the check runs this process last wrote under key, or nil.
func (c *ProcessCache) Runs(key string) map[string]*github.CheckRun {
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

// PutRuns remembers the check runs under key.
func (c *ProcessCache) PutRuns(key string, runs map[string]*github.CheckRun) {
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

// Comment returns the comment this process last wrote under key.
func (c *ProcessCache) Comment(key string) (CommentMemo, bool) {
	if c.replicas {
		return CommentMemo{}, false
	}
	return c.comments.Get(key)
}

// SetComment remembers the comment written under key.
func (c *ProcessCache) SetComment(key string, m CommentMemo) {
	c.comments.Add(key, m)
}

// recentMiss reports whether key had no policy file less than a TTL ago.
func (c *ProcessCache) recentMiss(key string, now time.Time) bool {
	t, ok := c.policyMiss.Get(key)
	return ok && now.Sub(t) < c.missTTL
}

func (c *ProcessCache) setMiss(key string, now time.Time, miss bool) {
	if !miss {
		c.policyMiss.Remove(key)
		return
	}
	c.policyMiss.Add(key, now)
}
