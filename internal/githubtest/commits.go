package githubtest

import (
	"net/http"
	"strings"
)

// gitUserJSON is a commit's author or committer identity.
func gitUserJSON(c *commitObj) map[string]any {
	return map[string]any{"name": c.author, "email": noreplyEmail(c.author), "date": ts(c.date)}
}

// commitJSON renders the commit schema without files or stats.
func (s *Server) commitJSON(r *Repo, c *commitObj) map[string]any {
	base := "repos/" + r.fullName()
	parents := []any{}
	for _, p := range c.parents {
		parents = append(parents, map[string]any{
			"sha": p, "url": s.apiURL(base + "/commits/" + p), "html_url": s.webURL(r.fullName() + "/commit/" + p),
		})
	}
	author := s.loginJSON(c.author)
	return map[string]any{
		"sha":          c.sha,
		"node_id":      nodeID("Commit", c.sha),
		"url":          s.apiURL(base + "/commits/" + c.sha),
		"html_url":     s.webURL(r.fullName() + "/commit/" + c.sha),
		"comments_url": s.apiURL(base + "/commits/" + c.sha + "/comments"),
		"commit": map[string]any{
			"url":           s.apiURL(base + "/git/commits/" + c.sha),
			"author":        gitUserJSON(c),
			"committer":     gitUserJSON(c),
			"message":       c.message,
			"tree":          map[string]any{"sha": c.tree, "url": s.apiURL(base + "/git/trees/" + c.tree)},
			"comment_count": 0,
			"verification":  unsignedJSON(),
		},
		"author":    author,
		"committer": author,
		"parents":   parents,
	}
}

func unsignedJSON() map[string]any {
	return map[string]any{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil, "verified_at": nil}
}

// repoFromParams finds the request's repository.
func (s *Server) repoFromParams(rq *request) *Repo {
	return s.repoLocked(rq.params["owner"], rq.params["repo"])
}

// getCommit is GET /repos/{owner}/{repo}/commits/{ref}: the commit, its
// stats, and its files against the first parent, 300 a page up to 3000.
func getCommit(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha, ok := r.resolveLocked(rq.params["ref"])
	if !ok {
		return noCommit(rq.params["ref"])
	}
	c := s.objs.commits[sha]
	parent := ""
	if len(c.parents) > 0 {
		parent = c.parents[0]
	}
	files := s.diffCommitsLocked(parent, sha)
	if len(files) > 3000 {
		files = files[:3000]
	}
	if rq.query.Get("per_page") == "" {
		rq.query.Set("per_page", "300")
	}
	p := s.paginate(rq, len(files), 300)
	m := s.commitJSON(r, c)
	var adds, dels int
	items := []any{}
	for i, f := range files {
		adds += f.additions
		dels += f.deletions
		if i >= p.start && i < p.end {
			items = append(items, s.diffEntryJSON(r, f, sha))
		}
	}
	m["stats"] = map[string]any{"additions": adds, "deletions": dels, "total": adds + dels}
	m["files"] = items
	resp := p.respond(m)
	resp.lastModified = c.date
	return resp
}

// getGitCommit is GET /repos/{owner}/{repo}/git/commits/{commit_sha}.
func getGitCommit(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha := rq.params["commit_sha"]
	c, ok := s.objs.commits[sha]
	if !ok || !r.hasCommitLocked(sha) {
		return notFound()
	}
	base := "repos/" + r.fullName()
	parents := []any{}
	for _, p := range c.parents {
		parents = append(parents, map[string]any{
			"sha": p, "url": s.apiURL(base + "/git/commits/" + p), "html_url": s.webURL(r.fullName() + "/commit/" + p),
		})
	}
	return &response{lastModified: c.date, body: map[string]any{
		"sha": c.sha, "node_id": nodeID("Commit", sha),
		"url": s.apiURL(base + "/git/commits/" + sha), "html_url": s.webURL(r.fullName() + "/commit/" + sha),
		"author": gitUserJSON(c), "committer": gitUserJSON(c), "message": c.message,
		"tree":    map[string]any{"sha": c.tree, "url": s.apiURL(base + "/git/trees/" + c.tree)},
		"parents": parents, "verification": unsignedJSON(),
	}}
}

// resolveCompareSide resolves one side of BASE...HEAD, which may name
// another repository of the network as "owner:ref".
func (s *Server) resolveCompareSide(r *Repo, side string) (string, bool) {
	if owner, ref, ok := strings.Cut(side, ":"); ok {
		for _, other := range s.repos {
			if strings.EqualFold(other.owner.login, owner) && other.sameNetwork(r) {
				return other.resolveLocked(ref)
			}
		}
		return "", false
	}
	return r.resolveLocked(side)
}

func (r *Repo) sameNetwork(o *Repo) bool {
	root := func(x *Repo) *Repo {
		for x.parent != nil {
			x = x.parent
		}
		return x
	}
	return root(r) == root(o)
}

// compareCommits is GET /repos/{owner}/{repo}/compare/{basehead}: commits
// (oldest first, paginated, at most 250) and files (at most 300) from the
// merge base to head.
func compareCommits(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	baseRef, headRef, ok := strings.Cut(rq.params["basehead"], "...")
	if !ok {
		return notFound()
	}
	base, ok1 := s.resolveCompareSide(r, baseRef)
	head, ok2 := s.resolveCompareSide(r, headRef)
	if !ok1 || !ok2 {
		return notFound()
	}
	mb := s.objs.mergeBase(base, head)
	if mb == "" {
		return errorResponse(http.StatusNotFound, "No common ancestor between "+baseRef+" and "+headRef+".")
	}
	ahead := s.objs.commitsBetween(base, head)
	behind := s.objs.commitsBetween(head, base)
	status := "diverged"
	switch {
	case len(ahead) == 0 && len(behind) == 0:
		status = "identical"
	case len(behind) == 0:
		status = "ahead"
	case len(ahead) == 0:
		status = "behind"
	}
	total := len(ahead)
	if len(ahead) > 250 {
		ahead = ahead[:250]
	}
	items := make([]any, len(ahead))
	for i, c := range ahead {
		items[i] = s.commitJSON(r, c)
	}
	p := s.paginate(rq, len(items), 250)
	files := []any{}
	for i, f := range s.diffCommitsLocked(mb, head) {
		if i == 300 {
			break
		}
		files = append(files, s.diffEntryJSON(r, f, head))
	}
	web := s.webURL(r.fullName() + "/compare/" + rq.params["basehead"])
	body := map[string]any{
		"url":               s.apiURL("repos/" + r.fullName() + "/compare/" + rq.params["basehead"]),
		"html_url":          web,
		"permalink_url":     s.webURL(r.fullName() + "/compare/" + r.owner.login + ":" + short(base) + "..." + r.owner.login + ":" + short(head)),
		"diff_url":          web + ".diff",
		"patch_url":         web + ".patch",
		"base_commit":       s.commitJSON(r, s.objs.commits[base]),
		"merge_base_commit": s.commitJSON(r, s.objs.commits[mb]),
		"status":            status,
		"ahead_by":          total,
		"behind_by":         len(behind),
		"total_commits":     total,
		"commits":           items[p.start:p.end],
		"files":             files,
	}
	return p.respond(body)
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// listCommits is GET /repos/{owner}/{repo}/commits: history of sha (default
// branch), newest first.
func listCommits(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	ref := rq.query.Get("sha")
	if ref == "" {
		ref = r.defaultBranch
	}
	sha, ok := r.resolveLocked(ref)
	if !ok {
		return notFound()
	}
	commits := s.objs.commitsBetween("", sha)
	items := make([]any, 0, len(commits))
	for i := len(commits) - 1; i >= 0; i-- {
		items = append(items, s.commitJSON(r, commits[i]))
	}
	return s.listResponse(rq, items, 30)
}
