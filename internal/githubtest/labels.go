package githubtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

type label struct {
	id          int64
	name        string
	color       string
	description string
}

// labelLocked returns the repository label name, creating it as GitHub does
// when a label that does not exist yet is added to an issue.
func (r *Repo) labelLocked(name string) *label {
	if l, ok := r.labelByName[strings.ToLower(name)]; ok {
		return l
	}
	l := &label{id: r.s.nextIDLocked(), name: name, color: "ededed"}
	r.labelByName[strings.ToLower(name)] = l
	r.labelNames = append(r.labelNames, name)
	r.s.labels[l.id] = l
	return l
}

func (s *Server) labelJSON(r *Repo, l *label) map[string]any {
	return map[string]any{
		"id": l.id, "node_id": nodeID("Label", l.id), "name": l.name, "color": l.color,
		"description": nullIfEmpty(l.description), "default": false,
		"url": s.apiURL("repos/" + r.fullName() + "/labels/" + url.PathEscape(l.name)),
	}
}

// AddLabel labels the pull request, as a person would.
func (pr *PullRequest) AddLabel(name string) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	pr.addLabelLocked(name)
}

// RemoveLabel removes a label from the pull request.
func (pr *PullRequest) RemoveLabel(name string) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	pr.removeLabelLocked(name)
}

func (pr *PullRequest) addLabelLocked(name string) {
	l := pr.repo.labelLocked(name)
	for _, x := range pr.labels {
		if x == l {
			return
		}
	}
	pr.labels = append(pr.labels, l)
	pr.touchLocked()
}

func (pr *PullRequest) removeLabelLocked(name string) bool {
	for i, x := range pr.labels {
		if strings.EqualFold(x.name, name) {
			pr.labels = append(pr.labels[:i:i], pr.labels[i+1:]...)
			pr.touchLocked()
			return true
		}
	}
	return false
}

// Labels lists the labels on owner/repo#number.
func (s *Server) Labels(owner, repo string, number int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo)
	if r == nil || r.pulls[number] == nil {
		return nil
	}
	var out []string
	for _, l := range r.pulls[number].labels {
		out = append(out, l.name)
	}
	return out
}

func (s *Server) issueLabelsJSON(pr *PullRequest) []any {
	items := []any{}
	for _, l := range pr.labels {
		items = append(items, s.labelJSON(pr.repo, l))
	}
	return items
}

func listRepoLabels(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	names := append([]string(nil), r.labelNames...)
	sort.SliceStable(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	items := make([]any, len(names))
	for i, n := range names {
		items[i] = s.labelJSON(r, r.labelByName[strings.ToLower(n)])
	}
	return s.listResponse(rq, items, 30)
}

func getRepoLabel(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	l, ok := r.labelByName[strings.ToLower(rq.params["name"])]
	if !ok {
		return notFound()
	}
	return &response{body: s.labelJSON(r, l)}
}

func createRepoLabel(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	var in struct {
		Name        string `json:"name"`
		Color       string `json:"color"`
		Description string `json:"description"`
	}
	_ = json.Unmarshal(rq.body, &in)
	if _, exists := r.labelByName[strings.ToLower(in.Name)]; exists {
		return validationFailed("Label", "name", "already_exists", "")
	}
	l := r.labelLocked(in.Name)
	if in.Color != "" {
		l.color = strings.TrimPrefix(in.Color, "#")
	}
	l.description = in.Description
	return &response{status: http.StatusCreated, body: s.labelJSON(r, l)}
}

func listIssueLabels(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	return s.listResponse(rq, s.issueLabelsJSON(pr), 30)
}

// addIssueLabels accepts each body form GitHub does: ["a"], {"labels":["a"]},
// {"labels":[{"name":"a"}]} and [{"name":"a"}].
func addIssueLabels(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	var names []string
	var raw json.RawMessage = rq.body
	var obj struct {
		Labels json.RawMessage `json:"labels"`
	}
	if json.Unmarshal(rq.body, &obj) == nil && obj.Labels != nil {
		raw = obj.Labels
	}
	var list []json.RawMessage
	_ = json.Unmarshal(raw, &list)
	for _, item := range list {
		var name string
		if json.Unmarshal(item, &name) != nil {
			var named struct {
				Name string `json:"name"`
			}
			_ = json.Unmarshal(item, &named)
			name = named.Name
		}
		if name != "" {
			names = append(names, name)
		}
	}
	for _, n := range names {
		pr.addLabelLocked(n)
	}
	return &response{body: s.issueLabelsJSON(pr)}
}

func removeIssueLabel(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	if !pr.removeLabelLocked(rq.params["name"]) {
		return errorResponse(http.StatusNotFound, "Label does not exist")
	}
	return &response{body: s.issueLabelsJSON(pr)}
}
