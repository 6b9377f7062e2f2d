package githubtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// Comment is an issue (conversation) comment on a pull request.
type Comment struct {
	ID        int64
	User      string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

type issueComment struct {
	Comment
	repo   *Repo
	number int
}

// AddComment posts an issue comment by login on the pull request.
func (pr *PullRequest) AddComment(login, body string) Comment {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	return pr.s.addCommentLocked(pr, login, body).Comment
}

func (s *Server) addCommentLocked(pr *PullRequest, login, body string) *issueComment {
	s.userLocked(login)
	now := time.Now().UTC().Truncate(time.Second)
	c := &issueComment{Comment: Comment{ID: s.nextIDLocked(), User: login, Body: body, CreatedAt: now, UpdatedAt: now}, repo: pr.repo, number: pr.number}
	s.comments[c.ID] = c
	return c
}

// Comments lists the issue comments on owner/repo#number, oldest first.
func (s *Server) Comments(owner, repo string, number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.commentsLocked(s.repoLocked(owner, repo), number) {
		out = append(out, c.Comment)
	}
	return out
}

func (s *Server) commentsLocked(r *Repo, number int) []*issueComment {
	var out []*issueComment
	for _, c := range s.comments {
		if c.repo == r && c.number == number {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Server) commentJSON(c *issueComment) map[string]any {
	full := c.repo.fullName()
	id := strconv.FormatInt(c.ID, 10)
	return map[string]any{
		"id": c.ID, "node_id": nodeID("IssueComment", c.ID),
		"url":                s.apiURL("repos/" + full + "/issues/comments/" + id),
		"html_url":           s.webURL(full + "/pull/" + itoa(c.number) + "#issuecomment-" + id),
		"issue_url":          s.apiURL("repos/" + full + "/issues/" + itoa(c.number)),
		"body":               c.Body,
		"user":               s.loginJSON(c.User),
		"created_at":         ts(c.CreatedAt),
		"updated_at":         ts(c.UpdatedAt),
		"author_association": s.associationLocked(c.repo, c.User),
		"reactions": map[string]any{
			"url":         s.apiURL("repos/" + full + "/issues/comments/" + id + "/reactions"),
			"total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "confused": 0, "heart": 0, "hooray": 0, "eyes": 0, "rocket": 0,
		},
	}
}

func listComments(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	var since time.Time
	if v := rq.query.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	items := []any{}
	for _, c := range s.commentsLocked(pr.repo, pr.number) {
		if c.UpdatedAt.Before(since) {
			continue
		}
		items = append(items, s.commentJSON(c))
	}
	return s.listResponse(rq, items, 30)
}

func createComment(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	body, errResp := commentBody(rq)
	if errResp != nil {
		return errResp
	}
	c := s.addCommentLocked(pr, appSlug+"[bot]", body)
	return &response{status: http.StatusCreated, body: s.commentJSON(c)}
}

// commentBody reads a comment's body as GitHub takes it: at most 65,536
// characters.
func commentBody(rq *request) (string, *response) {
	var in struct {
		Body string `json:"body"`
	}
	_ = json.Unmarshal(rq.body, &in)
	if len(in.Body) > 65536 {
		return "", validationFailed("IssueComment", "data", "unprocessable", "Body is too long (maximum is 65536 characters)")
	}
	return in.Body, nil
}

// commentFromParams finds comment_id in the request's repository.
func (s *Server) commentFromParams(rq *request) (*issueComment, *response) {
	r := s.repoFromParams(rq)
	id, _ := strconv.ParseInt(rq.params["comment_id"], 10, 64)
	c, ok := s.comments[id]
	if r == nil || !ok || c.repo != r {
		return nil, notFound()
	}
	return c, nil
}

func updateComment(s *Server, rq *request) *response {
	c, errResp := s.commentFromParams(rq)
	if errResp != nil {
		return errResp
	}
	body, errResp := commentBody(rq)
	if errResp != nil {
		return errResp
	}
	c.Body = body
	c.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	return &response{body: s.commentJSON(c)}
}

func deleteComment(s *Server, rq *request) *response {
	c, errResp := s.commentFromParams(rq)
	if errResp != nil {
		return errResp
	}
	delete(s.comments, c.ID)
	return &response{status: http.StatusNoContent}
}

// getIssue is GET /repos/{owner}/{repo}/issues/{issue_number} for a pull
// request, which GitHub answers as an issue with a pull_request link.
func getIssue(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	return &response{body: s.issueJSON(pr), lastModified: pr.updatedAt}
}

func (s *Server) issueJSON(pr *PullRequest) map[string]any {
	full := pr.repo.fullName()
	api := s.apiURL("repos/" + full + "/issues/" + itoa(pr.number))
	html := s.webURL(full + "/pull/" + itoa(pr.number))
	var mergedAt any
	if pr.merged {
		mergedAt = ts(pr.closedAt)
	}
	return map[string]any{
		"id": pr.id, "node_id": nodeID("Issue", pr.id), "url": api,
		"repository_url": s.apiURL("repos/" + full), "labels_url": api + "/labels{/name}",
		"comments_url": api + "/comments", "events_url": api + "/events", "html_url": html,
		"number": pr.number, "state": pr.state, "title": pr.title, "body": nullIfEmpty(pr.body),
		"user": s.loginJSON(pr.author), "labels": s.issueLabelsJSON(pr),
		"assignee": nil, "assignees": []any{}, "milestone": nil, "locked": false,
		"active_lock_reason": nil, "comments": len(s.commentsLocked(pr.repo, pr.number)),
		"pull_request": map[string]any{
			"url": s.apiURL("repos/" + full + "/pulls/" + itoa(pr.number)), "html_url": html,
			"diff_url": html + ".diff", "patch_url": html + ".patch", "merged_at": mergedAt,
		},
		"closed_at": tsOrNil(pr.closedAt), "created_at": ts(pr.createdAt), "updated_at": ts(pr.updatedAt),
		"author_association": s.associationLocked(pr.repo, pr.author), "draft": pr.draft,
		"state_reason": nil,
	}
}
