package githubtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
)

const zeroSHA = "0000000000000000000000000000000000000000"

// suiteJSON renders the check-suite schema.
func (s *Server) suiteJSON(cs *checkSuite) map[string]any {
	r := cs.repo
	api := s.apiURL("repos/" + r.fullName() + "/check-suites/" + strconv.FormatInt(cs.id, 10))
	status, conclusion := s.suiteStatus(cs)
	c := s.objs.commits[cs.headSHA]
	before := zeroSHA
	if len(c.parents) > 0 {
		before = c.parents[0]
	}
	ident := map[string]any{"name": c.author, "email": noreplyEmail(c.author)}
	latest := map[string]bool{}
	for _, run := range s.suiteRunsLocked(cs) {
		latest[run.Name] = true
	}
	return map[string]any{
		"id": cs.id, "node_id": nodeID("CheckSuite", cs.id),
		"head_branch": r.headBranchLocked(cs.headSHA), "head_sha": cs.headSHA,
		"status": status, "conclusion": conclusion, "url": api,
		"before": before, "after": cs.headSHA,
		"pull_requests": s.prsForHeadLocked(r, cs.headSHA),
		"app":           s.appJSON(cs.appID),
		"repository":    s.repoJSON(r, false),
		"created_at":    ts(cs.createdAt), "updated_at": ts(cs.updatedAt),
		"head_commit": map[string]any{
			"id": c.sha, "tree_id": c.tree, "message": c.message, "timestamp": ts(c.date),
			"author": ident, "committer": ident,
		},
		"latest_check_runs_count": len(latest),
		"check_runs_url":          api + "/check-runs",
		"rerequestable":           true,
		"runs_rerequestable":      true,
	}
}

// suiteFromParams finds the request's check suite in its repository.
func (s *Server) suiteFromParams(rq *request) (*checkSuite, *response) {
	r := s.repoFromParams(rq)
	id, _ := strconv.ParseInt(rq.params["check_suite_id"], 10, 64)
	cs, ok := s.suites[id]
	if r == nil || !ok || cs.repo != r {
		return nil, notFound()
	}
	return cs, nil
}

func createSuite(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	var in struct {
		HeadSHA string `json:"head_sha"`
	}
	_ = json.Unmarshal(rq.body, &in)
	if !r.hasCommitLocked(in.HeadSHA) {
		return validationFailed("CheckSuite", "head_sha", "invalid", "No commit found for SHA: "+in.HeadSHA)
	}
	n := len(s.suites)
	cs := s.suiteLocked(r, in.HeadSHA, appID)
	status := http.StatusOK // GitHub answers 200 when the suite exists
	if len(s.suites) > n {
		status = http.StatusCreated
	}
	return &response{status: status, body: s.suiteJSON(cs)}
}

func getSuite(s *Server, rq *request) *response {
	cs, errResp := s.suiteFromParams(rq)
	if errResp != nil {
		return errResp
	}
	return &response{body: s.suiteJSON(cs)}
}

func listRunsForSuite(s *Server, rq *request) *response {
	cs, errResp := s.suiteFromParams(rq)
	if errResp != nil {
		return errResp
	}
	return s.runsPage(rq, filterRuns(rq, s.suiteRunsLocked(cs)))
}

func rerequestSuite(s *Server, rq *request) *response {
	cs, errResp := s.suiteFromParams(rq)
	if errResp != nil {
		return errResp
	}
	cs.rerequested++
	return &response{status: http.StatusCreated, body: map[string]any{}}
}

func listSuitesForRef(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha, ok := r.resolveLocked(rq.params["ref"])
	if !ok {
		return noCommit(rq.params["ref"])
	}
	var suites []*checkSuite
	for _, cs := range s.suites {
		if cs.repo != r || cs.headSHA != sha {
			continue
		}
		if a := rq.query.Get("app_id"); a != "" && a != strconv.FormatInt(cs.appID, 10) {
			continue
		}
		if n := rq.query.Get("check_name"); n != "" {
			found := false
			for _, run := range s.suiteRunsLocked(cs) {
				found = found || run.Name == n
			}
			if !found {
				continue
			}
		}
		suites = append(suites, cs)
	}
	sort.Slice(suites, func(i, j int) bool { return suites[i].id < suites[j].id })
	p := s.paginate(rq, len(suites), 30)
	items := []any{}
	for _, cs := range suites[p.start:p.end] {
		items = append(items, s.suiteJSON(cs))
	}
	return p.respond(map[string]any{"total_count": len(suites), "check_suites": items})
}

// SuiteRerequests is how many times the check suite was re-requested.
func (s *Server) SuiteRerequests(suiteID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs, ok := s.suites[suiteID]; ok {
		return cs.rerequested
	}
	return 0
}
