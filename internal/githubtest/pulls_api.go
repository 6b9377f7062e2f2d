package githubtest

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// prJSON renders a pull request: full is the pull-request schema (GET one),
// otherwise pull-request-simple (lists).
func (s *Server) prJSON(pr *PullRequest, full bool) map[string]any {
	r := pr.repo
	api := s.apiURL("repos/" + r.fullName() + "/pulls/" + strconv.Itoa(pr.number))
	html := s.webURL(r.fullName() + "/pull/" + strconv.Itoa(pr.number))
	issue := s.apiURL("repos/" + r.fullName() + "/issues/" + strconv.Itoa(pr.number))
	statuses := s.apiURL("repos/" + r.fullName() + "/statuses/" + pr.headSHA)
	labels := []any{}
	for _, l := range pr.labels {
		labels = append(labels, s.labelJSON(r, l))
	}
	users := []any{}
	for _, u := range pr.reqUsers {
		users = append(users, s.loginJSON(u))
	}
	teams := []any{}
	for _, slug := range pr.reqTeams {
		if t := s.teams[strings.ToLower(r.owner.login+"/"+slug)]; t != nil {
			teams = append(teams, s.teamJSON(t, false))
		}
	}
	var mergedAt any
	if pr.merged {
		mergedAt = ts(pr.closedAt)
	}
	m := map[string]any{
		"url": api, "id": pr.id, "node_id": nodeID("PullRequest", pr.id),
		"html_url": html, "diff_url": html + ".diff", "patch_url": html + ".patch",
		"issue_url": issue, "commits_url": api + "/commits",
		"review_comments_url": api + "/comments",
		"review_comment_url":  s.apiURL("repos/" + r.fullName() + "/pulls/comments{/number}"),
		"comments_url":        issue + "/comments", "statuses_url": statuses,
		"number": pr.number, "state": pr.state, "locked": false, "title": pr.title,
		"user": s.loginJSON(pr.author), "body": nullIfEmpty(pr.body), "labels": labels,
		"milestone": nil, "active_lock_reason": nil,
		"created_at": ts(pr.createdAt), "updated_at": ts(pr.updatedAt),
		"closed_at": tsOrNil(pr.closedAt), "merged_at": mergedAt, "merge_commit_sha": nil,
		"assignee": nil, "assignees": []any{},
		"requested_reviewers": users, "requested_teams": teams,
		"head":               s.prRefJSON(pr.headRepo, pr.headRef, pr.headSHA),
		"base":               s.prRefJSON(r, pr.baseRef, pr.baseSHA),
		"author_association": s.associationLocked(r, pr.author),
		"auto_merge":         nil, "draft": pr.draft,
		"_links": map[string]any{
			"self": link(api), "html": link(html), "issue": link(issue),
			"comments": link(issue + "/comments"), "review_comments": link(api + "/comments"),
			"review_comment": link(s.apiURL("repos/" + r.fullName() + "/pulls/comments{/number}")),
			"commits":        link(api + "/commits"), "statuses": link(statuses),
		},
	}
	if full {
		var adds, dels int
		files := pr.filesLocked()
		for _, f := range files {
			adds += f.additions
			dels += f.deletions
		}
		comments := 0
		for _, c := range s.comments {
			if c.repo == r && c.number == pr.number {
				comments++
			}
		}
		m["merged"] = pr.merged
		m["mergeable"] = true
		m["rebaseable"] = true
		m["mergeable_state"] = "clean"
		m["merged_by"] = nil
		m["comments"] = comments
		m["review_comments"] = 0
		m["maintainer_can_modify"] = false
		m["commits"] = len(pr.commitsLocked())
		m["additions"] = adds
		m["deletions"] = dels
		m["changed_files"] = len(files)
	}
	return m
}

func link(href string) map[string]any { return map[string]any{"href": href} }

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// prRefJSON renders a PR's head or base.
func (s *Server) prRefJSON(r *Repo, ref, sha string) map[string]any {
	return map[string]any{
		"label": r.owner.login + ":" + ref, "ref": ref, "sha": sha,
		"user": s.userJSON(r.owner), "repo": s.repoJSON(r, false),
	}
}

// associationLocked is author_association: the login's relation to the repo.
func (s *Server) associationLocked(r *Repo, login string) string {
	switch {
	case strings.EqualFold(login, r.owner.login):
		return "OWNER"
	case s.isOrgMemberLocked(r.owner.login, login):
		return "MEMBER"
	case r.collaborators[strings.ToLower(login)] != "":
		return "COLLABORATOR"
	}
	return "CONTRIBUTOR"
}

// pullLocked finds the pull request of a request's owner/repo/pull_number.
func (s *Server) pullLocked(rq *request) (*PullRequest, *response) {
	r := s.repoLocked(rq.params["owner"], rq.params["repo"])
	if r == nil {
		return nil, notFound()
	}
	n, _ := strconv.Atoi(firstNonEmpty(rq.params["pull_number"], rq.params["issue_number"]))
	pr := r.pulls[n]
	if pr == nil {
		return nil, notFound()
	}
	return pr, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func getPull(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	return &response{body: s.prJSON(pr, true), lastModified: pr.updatedAt}
}

func listPulls(s *Server, rq *request) *response {
	r := s.repoLocked(rq.params["owner"], rq.params["repo"])
	if r == nil {
		return notFound()
	}
	state := rq.query.Get("state")
	if state == "" {
		state = "open"
	}
	var prs []*PullRequest
	for _, pr := range r.pulls {
		if state != "all" && pr.state != state {
			continue
		}
		if h := rq.query.Get("head"); h != "" {
			owner, ref, ok := strings.Cut(h, ":")
			if !ok || !strings.EqualFold(owner, pr.headRepo.owner.login) || ref != pr.headRef {
				continue
			}
		}
		if b := rq.query.Get("base"); b != "" && b != pr.baseRef {
			continue
		}
		prs = append(prs, pr)
	}
	sortKey := func(pr *PullRequest) time.Time {
		if rq.query.Get("sort") == "updated" {
			return pr.updatedAt
		}
		return pr.createdAt
	}
	asc := rq.query.Get("direction") == "asc"
	sort.Slice(prs, func(i, j int) bool {
		a, b := sortKey(prs[i]), sortKey(prs[j])
		if a.Equal(b) {
			a, b = time.Unix(int64(prs[i].number), 0), time.Unix(int64(prs[j].number), 0)
		}
		if asc {
			return a.Before(b)
		}
		return a.After(b)
	})
	items := make([]any, len(prs))
	for i, pr := range prs {
		items[i] = s.prJSON(pr, false)
	}
	return s.listResponse(rq, items, 30)
}

func listPullFiles(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	files := pr.filesLocked()
	if len(files) > s.cfg.maxPRFiles {
		files = files[:s.cfg.maxPRFiles] // GitHub lists at most 3000 files
	}
	p := s.paginate(rq, len(files), 30)
	items := make([]any, 0, p.end-p.start)
	for _, f := range files[p.start:p.end] {
		items = append(items, s.diffEntryJSON(pr.repo, f, pr.headSHA))
	}
	return p.respond(items)
}

func listPullCommits(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	commits := pr.commitsLocked()
	if len(commits) > 250 {
		commits = commits[:250] // GitHub lists at most 250 commits
	}
	items := make([]any, len(commits))
	for i, c := range commits {
		items[i] = s.commitJSON(pr.repo, c)
	}
	return s.listResponse(rq, items, 30)
}
