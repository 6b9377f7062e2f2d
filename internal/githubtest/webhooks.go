package githubtest

import (
	"encoding/json"
	"fmt"
)

// Webhook payloads start from real deliveries (testdata/webhooks, from
// octokit/webhooks) for their envelope, and carry the fake's own objects, so
// every id, SHA, ref and login in them matches what the API then answers.

// template loads a vendored delivery.
func template(name string) map[string]any {
	raw, err := testdataFS.ReadFile("testdata/webhooks/" + name + ".json")
	if err != nil {
		panic(fmt.Sprintf("githubtest: missing webhook template %s: %v", name, err))
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Sprintf("githubtest: bad webhook template %s: %v", name, err))
	}
	return m
}

// envelopeLocked fills what every App delivery carries: repository, sender,
// installation and, for organisation repositories, organization. Template
// keys the fake cannot fill truthfully are dropped.
func (s *Server) envelopeLocked(m map[string]any, action string, r *Repo, sender string, keep ...string) []byte {
	known := map[string]bool{"action": true, "repository": true, "sender": true, "installation": true, "organization": true}
	for _, k := range keep {
		known[k] = true
	}
	for k := range m {
		if !known[k] {
			delete(m, k)
		}
	}
	m["action"] = action
	repo := s.repoJSON(r, true)
	repo["custom_properties"] = map[string]any{} // deliveries carry it, the API does not
	m["repository"] = repo
	m["sender"] = s.loginJSON(sender)
	m["installation"] = map[string]any{
		"id":      s.auth.installationID,
		"node_id": nodeID("IntegrationInstallation", s.auth.installationID),
	}
	if r.owner.kind == "Organization" {
		m["organization"] = s.orgJSON(r.owner)
	} else {
		delete(m, "organization")
	}
	out, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("githubtest: failed to encode a webhook: %v", err))
	}
	return out
}

// PullRequestEvent is a pull_request delivery (opened, synchronize,
// reopened, edited, ready_for_review, converted_to_draft, closed, ...) for
// pr as the fake has it now, sent by sender. synchronize carries before and
// after; edited carries the base change made by ChangeBase, if any.
func (s *Server) PullRequestEvent(action string, pr *PullRequest, sender string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := "pull_request.opened"
	switch action {
	case "synchronize":
		name = "pull_request.synchronize"
	case "edited":
		name = "pull_request.edited.DERIVED"
	}
	m := template(name)
	m["number"] = pr.number
	m["pull_request"] = s.prJSON(pr, true)
	keep := []string{"number", "pull_request"}
	switch action {
	case "synchronize":
		before := pr.beforeSHA
		if before == "" {
			before = pr.baseSHA
		}
		m["before"], m["after"] = before, pr.headSHA
		keep = append(keep, "before", "after")
	case "edited":
		changes := map[string]any{}
		if pr.prevBase[0] != "" {
			changes["base"] = map[string]any{
				"ref": map[string]any{"from": pr.prevBase[0]},
				"sha": map[string]any{"from": pr.prevBase[1]},
			}
		}
		m["changes"] = changes
		keep = append(keep, "changes")
	}
	return s.envelopeLocked(m, action, pr.repo, sender, keep...)
}

// PullRequestLabeledEvent is a pull_request labeled or unlabeled delivery.
func (s *Server) PullRequestLabeledEvent(action string, pr *PullRequest, labelName, sender string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := template("pull_request.labeled")
	m["number"] = pr.number
	m["pull_request"] = s.prJSON(pr, true)
	m["label"] = s.labelJSON(pr.repo, pr.repo.labelLocked(labelName))
	return s.envelopeLocked(m, action, pr.repo, sender, "number", "pull_request", "label")
}

// CheckSuiteEvent is a check_suite delivery (requested, rerequested,
// completed) for this App's suite on headSHA, created if needed. Its
// pull_requests lists same-repository PRs only: empty for fork PRs, as on GitHub.
func (s *Server) CheckSuiteEvent(action string, repo *Repo, headSHA string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := "check_suite.requested"
	if action == "rerequested" {
		name = "check_suite.rerequested"
	}
	m := template(name)
	cs := s.suiteLocked(repo, headSHA, appID)
	suite := s.suiteJSON(cs)
	delete(suite, "repository")
	m["check_suite"] = suite
	return s.envelopeLocked(m, action, repo, repo.owner.login, "check_suite")
}

// CheckRunEvent is a check_run delivery (created, rerequested, completed,
// requested_action) for run as the fake has it now. It starts from the
// OpenAPI webhook example, whose timestamps go-github can parse.
func (s *Server) CheckRunEvent(action string, run CheckRun, sender string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	cr, ok := s.runs[run.ID]
	if !ok {
		s.t.Fatalf("githubtest: CheckRunEvent: no check run %d", run.ID)
	}
	m := template("check_run.rerequested")
	j := s.checkRunJSON(cr)
	suite := s.suiteJSON(s.suites[cr.SuiteID])
	delete(suite, "repository")
	j["check_suite"] = suite
	m["check_run"] = j
	return s.envelopeLocked(m, action, cr.repo, sender, "check_run")
}

// PullRequestReviewEvent is a pull_request_review delivery (submitted,
// edited, dismissed) for review on pr.
func (s *Server) PullRequestReviewEvent(action string, pr *PullRequest, rev Review) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := "pull_request_review.submitted"
	if action == "dismissed" {
		name = "pull_request_review.dismissed"
	}
	m := template(name)
	var rv *review
	for _, x := range pr.reviews {
		if x.ID == rev.ID {
			rv = x
		}
	}
	if rv == nil {
		s.t.Fatalf("githubtest: PullRequestReviewEvent: no review %d on #%d", rev.ID, pr.number)
	}
	m["review"] = s.reviewJSON(pr, rv)
	m["pull_request"] = s.prJSON(pr, false)
	return s.envelopeLocked(m, action, pr.repo, rv.User, "review", "pull_request")
}

// IssueCommentEvent is an issue_comment delivery (created, edited, deleted)
// for comment on pr. No real example exists in octokit/webhooks: it is
// derived from the issue_comment event shape that go-github parses (issue
// with a pull_request link, comment, and the usual envelope).
func (s *Server) IssueCommentEvent(action string, pr *PullRequest, comment Comment) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &issueComment{Comment: comment, repo: pr.repo, number: pr.number}
	if stored, ok := s.comments[comment.ID]; ok {
		c = stored
	}
	m := map[string]any{
		"issue":   s.issueJSON(pr),
		"comment": s.commentJSON(c),
	}
	keep := []string{"issue", "comment"}
	if action == "edited" {
		m["changes"] = map[string]any{"body": map[string]any{"from": ""}}
		keep = append(keep, "changes")
	}
	return s.envelopeLocked(m, action, pr.repo, c.User, keep...)
}
