package githubtest

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// wrapBase64 encodes content as GitHub does: base64 in lines of 60
// characters, each ending in "\n".
func wrapBase64(b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	for len(enc) > 60 {
		sb.WriteString(enc[:60])
		sb.WriteByte('\n')
		enc = enc[60:]
	}
	if enc != "" {
		sb.WriteString(enc)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// contentEntryJSON renders a content-tree entry (file or dir) at ref.
func (s *Server) contentEntryJSON(r *Repo, path, kind, sha string, size int, ref string) map[string]any {
	self := s.apiURL("repos/" + r.fullName() + "/contents/" + escapePath(path) + "?ref=" + ref)
	sub := "blob"
	git := s.apiURL("repos/" + r.fullName() + "/git/blobs/" + sha)
	var download any = s.webURL(r.fullName() + "/raw/" + ref + "/" + escapePath(path))
	if kind == "dir" {
		sub, download = "tree", nil
		git = s.apiURL("repos/" + r.fullName() + "/git/trees/" + sha)
	}
	html := s.webURL(r.fullName() + "/" + sub + "/" + ref + "/" + escapePath(path))
	name := path[strings.LastIndex(path, "/")+1:]
	return map[string]any{
		"type": kind, "name": name, "path": path, "sha": sha, "size": size,
		"url": self, "git_url": git, "html_url": html, "download_url": download,
		"_links": map[string]any{"self": self, "git": git, "html": html},
	}
}

// getContent is GET /repos/{owner}/{repo}/contents/{path}?ref=: a file with
// base64 content (none past 1 MB, as GitHub), or a directory as an array.
func getContent(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	ref := rq.query.Get("ref")
	if ref == "" {
		ref = r.defaultBranch
	}
	sha, ok := r.resolveLocked(ref)
	if !ok {
		return errorResponse(http.StatusNotFound, "No commit found for the ref "+ref)
	}
	c := s.objs.commits[sha]
	path := rq.params["path"]
	if blob, ok := c.files[path]; ok {
		content := s.objs.blobs[blob]
		m := s.contentEntryJSON(r, path, "file", blob, len(content), ref)
		m["encoding"] = "base64"
		m["content"] = wrapBase64(content)
		if len(content) > 1<<20 {
			m["encoding"], m["content"] = "none", ""
		}
		return &response{body: m, lastModified: c.date}
	}
	prefix := path + "/"
	if path == "" {
		prefix = ""
	}
	seen := map[string]bool{}
	var entries []any
	for _, p := range sortedPaths(c.files) {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		if isDir {
			entries = append(entries, s.contentEntryJSON(r, prefix+name, "dir", s.subtreeLocked(c, prefix+name), 0, ref))
			continue
		}
		blob := c.files[p]
		entries = append(entries, s.contentEntryJSON(r, p, "file", blob, len(s.objs.blobs[blob]), ref))
	}
	if len(entries) == 0 {
		return notFound()
	}
	return &response{body: entries, lastModified: c.date}
}

// subtreeLocked is the tree id of directory dir in commit c.
func (s *Server) subtreeLocked(c *commitObj, dir string) string {
	t := s.objs.trees[c.tree]
	for _, seg := range strings.Split(dir, "/") {
		next := ""
		for _, e := range t.entries {
			if e.name == seg && e.mode == "40000" {
				next = e.sha
			}
		}
		if next == "" {
			return ""
		}
		t = s.objs.trees[next]
	}
	return t.sha
}

// getBlob is GET /repos/{owner}/{repo}/git/blobs/{file_sha}.
func getBlob(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha := rq.params["file_sha"]
	b, ok := s.objs.blobs[sha]
	if !ok {
		return notFound()
	}
	return &response{body: map[string]any{
		"sha": sha, "node_id": nodeID("Blob", sha), "size": len(b),
		"url":      s.apiURL("repos/" + r.fullName() + "/git/blobs/" + sha),
		"content":  wrapBase64(b),
		"encoding": "base64",
	}}
}

// getTree is GET /repos/{owner}/{repo}/git/trees/{tree_sha}[?recursive=1];
// tree_sha may also be a commit or branch, as GitHub accepts.
func getTree(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	sha := rq.params["tree_sha"]
	if _, ok := s.objs.trees[sha]; !ok {
		c, ok := r.resolveLocked(sha)
		if !ok {
			return notFound()
		}
		sha = s.objs.commits[c].tree
	}
	recursive := rq.query.Get("recursive") != "" && rq.query.Get("recursive") != "0" && rq.query.Get("recursive") != "false"
	var entries []any
	var walk func(t *treeObj, prefix string)
	walk = func(t *treeObj, prefix string) {
		for _, e := range t.entries {
			p := prefix + e.name
			m := map[string]any{"path": p, "sha": e.sha}
			if e.mode == "40000" {
				m["mode"], m["type"] = "040000", "tree"
				m["url"] = s.apiURL("repos/" + r.fullName() + "/git/trees/" + e.sha)
			} else {
				m["mode"], m["type"], m["size"] = e.mode, "blob", e.size
				m["url"] = s.apiURL("repos/" + r.fullName() + "/git/blobs/" + e.sha)
			}
			entries = append(entries, m)
			if recursive && e.mode == "40000" {
				walk(s.objs.trees[e.sha], p+"/")
			}
		}
	}
	walk(s.objs.trees[sha], "")
	if entries == nil {
		entries = []any{}
	}
	return &response{body: map[string]any{
		"sha": sha, "url": s.apiURL("repos/" + r.fullName() + "/git/trees/" + sha),
		"tree": entries, "truncated": false,
	}}
}
