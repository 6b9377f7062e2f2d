package githubtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// checkRunInput is the body of POST and PATCH check-runs.
type checkRunInput struct {
	Name        *string    `json:"name"`
	HeadSHA     *string    `json:"head_sha"`
	DetailsURL  *string    `json:"details_url"`
	ExternalID  *string    `json:"external_id"`
	Status      *string    `json:"status"`
	StartedAt   *time.Time `json:"started_at"`
	Conclusion  *string    `json:"conclusion"`
	CompletedAt *time.Time `json:"completed_at"`
	Output      *struct {
		Title       *string      `json:"title"`
		Summary     *string      `json:"summary"`
		Text        *string      `json:"text"`
		Annotations []Annotation `json:"annotations"`
	} `json:"output"`
	Actions []any `json:"actions"`
}

// apply sets what a create or update body says, the way GitHub does:
// a conclusion completes the run; output replaces title, summary and text
// and appends annotations.
func (run *checkRun) apply(in checkRunInput, now time.Time) {
	if in.Name != nil {
		run.Name = *in.Name
	}
	if in.DetailsURL != nil {
		run.DetailsURL = *in.DetailsURL
	}
	if in.ExternalID != nil {
		run.ExternalID = *in.ExternalID
	}
	if in.StartedAt != nil {
		run.StartedAt = in.StartedAt.UTC()
	}
	if in.Status != nil {
		run.Status = *in.Status
		if run.Status != "completed" {
			run.Conclusion, run.CompletedAt = "", time.Time{}
		}
	}
	if in.Conclusion != nil {
		run.Status, run.Conclusion = "completed", *in.Conclusion
		if run.CompletedAt.IsZero() {
			run.CompletedAt = now
		}
	}
	if in.CompletedAt != nil {
		run.CompletedAt = in.CompletedAt.UTC()
	}
	if o := in.Output; o != nil {
		if o.Title != nil {
			run.Title, run.hasTitle = *o.Title, true
		}
		if o.Summary != nil {
			run.Summary, run.hasSummary = *o.Summary, true
		}
		if o.Text != nil {
			run.Text, run.hasText = *o.Text, true
		}
		run.Annotations = append(run.Annotations, o.Annotations...)
	}
	if in.Actions != nil {
		run.actions = in.Actions
	}
}

// checkRunJSON renders the check-run schema.
func (s *Server) checkRunJSON(run *checkRun) map[string]any {
	r := run.repo
	api := s.apiURL("repos/" + r.fullName() + "/check-runs/" + strconv.FormatInt(run.ID, 10))
	var conclusion any
	if run.Status == "completed" {
		conclusion = run.Conclusion
	}
	return map[string]any{
		"id": run.ID, "node_id": nodeID("CheckRun", run.ID), "head_sha": run.HeadSHA,
		"external_id": run.ExternalID, "url": api,
		"html_url":    s.webURL(r.fullName() + "/runs/" + strconv.FormatInt(run.ID, 10)),
		"details_url": nullIfEmpty(run.DetailsURL), "status": run.Status, "conclusion": conclusion,
		"started_at": tsOrNil(run.StartedAt), "completed_at": tsOrNil(run.CompletedAt),
		"output": map[string]any{
			"title": strOrNil(run.hasTitle, run.Title), "summary": strOrNil(run.hasSummary, run.Summary),
			"text": strOrNil(run.hasText, run.Text), "annotations_count": len(run.Annotations),
			"annotations_url": api + "/annotations",
		},
		"name":          run.Name,
		"check_suite":   map[string]any{"id": run.SuiteID},
		"app":           s.appJSON(run.AppID),
		"pull_requests": s.prsForHeadLocked(r, run.HeadSHA),
	}
}

func createCheckRun(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	var in checkRunInput
	if err := json.Unmarshal(rq.body, &in); err != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON")
	}
	if _, ok := s.objs.commits[*in.HeadSHA]; !ok || !r.hasCommitLocked(*in.HeadSHA) {
		return noCommit(*in.HeadSHA)
	}
	now := time.Now().UTC().Truncate(time.Second)
	run := &checkRun{repo: r}
	run.ID = s.nextIDLocked()
	run.AppID = appID
	run.HeadSHA = *in.HeadSHA
	run.Status = "queued"
	run.StartedAt = now
	run.apply(in, now)
	run.SuiteID = s.suiteLocked(r, run.HeadSHA, appID).id
	s.runs[run.ID] = run
	return &response{status: http.StatusCreated, body: s.checkRunJSON(run)}
}

// runLocked finds the request's check run in its repository.
func (s *Server) runLocked(rq *request) (*checkRun, *response) {
	r := s.repoFromParams(rq)
	id, _ := strconv.ParseInt(rq.params["check_run_id"], 10, 64)
	run, ok := s.runs[id]
	if r == nil || !ok || run.repo != r {
		return nil, notFound()
	}
	return run, nil
}

func updateCheckRun(s *Server, rq *request) *response {
	run, errResp := s.runLocked(rq)
	if errResp != nil {
		return errResp
	}
	if run.AppID != appID {
		return errorResponse(http.StatusForbidden, "Invalid app_id `"+strconv.FormatInt(appID, 10)+"` - check run can only be modified by the GitHub App that created it.")
	}
	var in checkRunInput
	if err := json.Unmarshal(rq.body, &in); err != nil {
		return errorResponse(http.StatusBadRequest, "Problems parsing JSON")
	}
	run.apply(in, time.Now().UTC().Truncate(time.Second))
	return &response{body: s.checkRunJSON(run)}
}

func getCheckRun(s *Server, rq *request) *response {
	run, errResp := s.runLocked(rq)
	if errResp != nil {
		return errResp
	}
	return &response{body: s.checkRunJSON(run)}
}

func listAnnotations(s *Server, rq *request) *response {
	run, errResp := s.runLocked(rq)
	if errResp != nil {
		return errResp
	}
	items := make([]any, len(run.Annotations))
	for i, a := range run.Annotations {
		m := map[string]any{
			"path": a.Path, "start_line": a.StartLine, "end_line": a.EndLine,
			"start_column": a.StartColumn, "end_column": a.EndColumn,
			"annotation_level": a.AnnotationLevel, "title": nullIfEmpty(a.Title),
			"message": a.Message, "raw_details": nullIfEmpty(a.RawDetails),
			"blob_href": s.webURL(run.repo.fullName() + "/blob/" + run.HeadSHA + "/" + escapePath(a.Path)),
		}
		items[i] = m
	}
	return s.listResponse(rq, items, 30)
}

func rerequestCheckRun(s *Server, rq *request) *response {
	run, errResp := s.runLocked(rq)
	if errResp != nil {
		return errResp
	}
	if run.Status != "completed" {
		return errorResponse(http.StatusUnprocessableEntity, "This check run is not rerequestable")
	}
	return &response{status: http.StatusCreated, body: map[string]any{}}
}

// filterRuns applies the check-runs list filters: check_name, status,
// app_id, and filter=latest (default: the newest run per name and app).
func filterRuns(rq *request, runs []*checkRun) []*checkRun {
	sort.Slice(runs, func(i, j int) bool { return runs[i].ID > runs[j].ID })
	latest := rq.query.Get("filter") != "all"
	seen := map[string]bool{}
	var out []*checkRun
	for _, run := range runs {
		if n := rq.query.Get("check_name"); n != "" && run.Name != n {
			continue
		}
		if st := rq.query.Get("status"); st != "" && run.Status != st {
			continue
		}
		if a := rq.query.Get("app_id"); a != "" && a != strconv.FormatInt(run.AppID, 10) {
			continue
		}
		key := run.Name + "\x00" + strconv.FormatInt(run.AppID, 10)
		if latest && seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, run)
	}
	return out
}

// runsPage answers {"total_count", "check_runs"} for one page.
func (s *Server) runsPage(rq *request, runs []*checkRun) *response {
	p := s.paginate(rq, len(runs), 30)
	items := []any{}
	for _, run := range runs[p.start:p.end] {
		items = append(items, s.checkRunJSON(run))
	}
	return p.respond(map[string]any{"total_count": len(runs), "check_runs": items})
}

func listRunsForRef(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha, ok := r.resolveLocked(rq.params["ref"])
	if !ok {
		return noCommit(rq.params["ref"])
	}
	var runs []*checkRun
	for _, run := range s.runs {
		if run.repo == r && run.HeadSHA == sha {
			runs = append(runs, run)
		}
	}
	return s.runsPage(rq, filterRuns(rq, runs))
}
