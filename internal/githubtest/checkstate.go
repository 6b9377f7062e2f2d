package githubtest

import (
	"sort"
	"time"
)

// Annotation is a check run annotation as stored by the fake.
type Annotation struct {
	Path            string `json:"path"`
	StartLine       int    `json:"start_line"`
	EndLine         int    `json:"end_line"`
	StartColumn     *int   `json:"start_column,omitempty"`
	EndColumn       *int   `json:"end_column,omitempty"`
	AnnotationLevel string `json:"annotation_level"`
	Message         string `json:"message"`
	Title           string `json:"title,omitempty"`
	RawDetails      string `json:"raw_details,omitempty"`
}

// CheckRun is a snapshot of a check run, for assertions.
type CheckRun struct {
	ID          int64
	AppID       int64
	HeadSHA     string
	Name        string
	Status      string
	Conclusion  string
	Title       string
	Summary     string
	Text        string
	ExternalID  string
	DetailsURL  string
	Annotations []Annotation
	StartedAt   time.Time
	CompletedAt time.Time
	SuiteID     int64
}

type checkRun struct {
	CheckRun
	repo *Repo
	// Output fields never set are JSON null, as on GitHub.
	hasTitle, hasSummary, hasText bool
	actions                       []any
}

type checkSuite struct {
	id          int64
	repo        *Repo
	headSHA     string
	appID       int64
	createdAt   time.Time
	updatedAt   time.Time
	rerequested int
}

func (r *checkRun) snapshot() CheckRun {
	c := r.CheckRun
	c.Annotations = append([]Annotation(nil), r.Annotations...)
	return c
}

// suiteLocked returns the check suite of (repo, headSHA, app), creating it
// as GitHub does when the first check run of an app arrives for a commit.
func (s *Server) suiteLocked(r *Repo, headSHA string, app int64) *checkSuite {
	for _, cs := range s.suites {
		if cs.repo == r && cs.headSHA == headSHA && cs.appID == app {
			return cs
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	cs := &checkSuite{id: s.nextIDLocked(), repo: r, headSHA: headSHA, appID: app, createdAt: now, updatedAt: now}
	s.suites[cs.id] = cs
	return cs
}

// suiteRunsLocked lists a suite's runs, oldest first.
func (s *Server) suiteRunsLocked(cs *checkSuite) []*checkRun {
	var out []*checkRun
	for _, run := range s.runs {
		if run.SuiteID == cs.id {
			out = append(out, run)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// suiteStatus derives a suite's status and conclusion from its runs.
func (s *Server) suiteStatus(cs *checkSuite) (string, any) {
	runs := s.suiteRunsLocked(cs)
	if len(runs) == 0 {
		return "queued", nil
	}
	rank := map[string]int{"action_required": 8, "failure": 7, "timed_out": 6, "cancelled": 5, "stale": 4, "neutral": 3, "skipped": 2, "success": 1}
	worst := ""
	for _, run := range runs {
		if run.Status != "completed" {
			return "in_progress", nil
		}
		if rank[run.Conclusion] > rank[worst] {
			worst = run.Conclusion
		}
	}
	return "completed", worst
}

// CheckRuns lists the check runs of every app on headSHA in owner/repo,
// oldest first, with all their annotations.
func (s *Server) CheckRuns(owner, repo, headSHA string) []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo)
	var out []CheckRun
	for _, run := range s.runs {
		if run.repo == r && run.HeadSHA == headSHA {
			out = append(out, run.snapshot())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LatestCheckRun is the newest run named name on headSHA, as GitHub shows it.
func (s *Server) LatestCheckRun(owner, repo, headSHA, name string) (CheckRun, bool) {
	runs := s.CheckRuns(owner, repo, headSHA)
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Name == name {
			return runs[i], true
		}
	}
	return CheckRun{}, false
}

// CheckRunByID returns the run with that id.
func (s *Server) CheckRunByID(id int64) (CheckRun, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run, ok := s.runs[id]
	if !ok {
		return CheckRun{}, false
	}
	return run.snapshot(), true
}

// AddCheckRun stores a check run made by another app (run.AppID, default
// 99) or by this one, as if created through the API, and returns it.
func (r *Repo) AddCheckRun(run CheckRun) CheckRun {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if run.AppID == 0 {
		run.AppID = 99
	}
	if run.Status == "" {
		run.Status = "queued"
	}
	if run.StartedAt.IsZero() {
		run.StartedAt = time.Now().UTC().Truncate(time.Second)
	}
	if run.Conclusion != "" {
		run.Status = "completed"
		if run.CompletedAt.IsZero() {
			run.CompletedAt = run.StartedAt
		}
	}
	run.ID = r.s.nextIDLocked()
	run.SuiteID = r.s.suiteLocked(r, run.HeadSHA, run.AppID).id
	r.s.runs[run.ID] = &checkRun{CheckRun: run, repo: r, hasTitle: run.Title != "", hasSummary: run.Summary != "", hasText: run.Text != ""}
	return run
}

// EnsureCheckSuite returns the id of this App's check suite for headSHA,
// creating it as GitHub does on a push (before sending check_suite requested).
func (r *Repo) EnsureCheckSuite(headSHA string) int64 {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.s.suiteLocked(r, headSHA, appID).id
}

// headBranchLocked names a branch of r whose tip is sha, as check suites report it.
func (r *Repo) headBranchLocked(sha string) any {
	var names []string
	for b, tip := range r.branches {
		if tip == sha {
			names = append(names, b)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	for _, n := range names {
		if n != r.defaultBranch {
			return n
		}
	}
	return names[0]
}

// prsForHeadLocked lists the open PRs of r whose head is sha in r itself:
// GitHub leaves fork PRs out of check runs' and suites' pull_requests.
func (s *Server) prsForHeadLocked(r *Repo, sha string) []any {
	nums := []int{}
	for n, pr := range r.pulls {
		if pr.state == "open" && pr.headRepo == r && pr.headSHA == sha {
			nums = append(nums, n)
		}
	}
	sort.Ints(nums)
	out := []any{}
	for _, n := range nums {
		pr := r.pulls[n]
		repoMin := map[string]any{"id": r.id, "url": s.apiURL("repos/" + r.fullName()), "name": r.name}
		out = append(out, map[string]any{
			"id": pr.id, "number": pr.number,
			"url":  s.apiURL("repos/" + r.fullName() + "/pulls/" + itoa(n)),
			"head": map[string]any{"ref": pr.headRef, "sha": pr.headSHA, "repo": repoMin},
			"base": map[string]any{"ref": pr.baseRef, "sha": pr.baseSHA, "repo": repoMin},
		})
	}
	return out
}

func strOrNil(set bool, v string) any {
	if !set {
		return nil
	}
	return v
}
