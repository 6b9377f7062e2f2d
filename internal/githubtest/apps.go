package githubtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// orgLogin is the account the App is installed on: the owner of the first
// organisation repository, or "octo-org".
func (s *Server) installationAccountLocked() *user {
	var repos []*Repo
	for _, r := range s.repos {
		if r.owner.kind == "Organization" {
			repos = append(repos, r)
		}
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].id < repos[j].id })
	if len(repos) > 0 {
		return repos[0].owner
	}
	return s.orgLocked("octo-org")
}

// installationJSON renders the installation schema.
func (s *Server) installationJSON() map[string]any {
	id := strconv.FormatInt(s.auth.installationID, 10)
	acct := s.installationAccountLocked()
	created := commitEpoch.Add(-30 * 24 * time.Hour)
	return map[string]any{
		"id":                        s.auth.installationID,
		"account":                   s.userJSON(acct),
		"access_tokens_url":         s.apiURL("app/installations/" + id + "/access_tokens"),
		"repositories_url":          s.apiURL("installation/repositories"),
		"html_url":                  s.webURL("organizations/" + acct.login + "/settings/installations/" + id),
		"app_id":                    appID,
		"app_slug":                  appSlug,
		"client_id":                 "Iv1.0000000000067932",
		"target_id":                 acct.id,
		"target_type":               acct.kind,
		"permissions":               installationPermissions(),
		"events":                    []any{"check_run", "check_suite", "pull_request", "pull_request_review", "issue_comment"},
		"single_file_name":          nil,
		"has_multiple_single_files": false,
		"single_file_paths":         []any{},
		"repository_selection":      "all",
		"created_at":                ts(created),
		"updated_at":                ts(created),
		"suspended_by":              nil,
		"suspended_at":              nil,
	}
}

func getApp(s *Server, rq *request) *response {
	if a := s.flow.apps[rq.appID]; a != nil {
		return &response{body: s.registeredAppJSON(a), free: true}
	}
	return &response{body: s.appJSON(appID), free: true}
}

func listInstallations(s *Server, rq *request) *response {
	resp := s.listResponse(rq, []any{s.installationJSON()}, 30)
	resp.free = true
	return resp
}

func getInstallation(s *Server, rq *request) *response {
	if rq.params["installation_id"] != strconv.FormatInt(s.auth.installationID, 10) {
		return notFound()
	}
	return &response{body: s.installationJSON(), free: true}
}

func getRepoInstallation(s *Server, rq *request) *response {
	if s.repoFromParams(rq) == nil {
		return notFound()
	}
	return &response{body: s.installationJSON(), free: true}
}

// createAccessToken is POST /app/installations/{id}/access_tokens: a token
// valid one hour with the installation's permissions (or fewer if asked).
func createAccessToken(s *Server, rq *request) *response {
	if rq.params["installation_id"] != strconv.FormatInt(s.auth.installationID, 10) {
		return notFound()
	}
	perms := installationPermissions()
	var in struct {
		Permissions map[string]string `json:"permissions"`
	}
	if len(rq.body) > 0 && json.Unmarshal(rq.body, &in) == nil && len(in.Permissions) > 0 {
		narrowed := map[string]any{}
		for k, v := range in.Permissions {
			if perms[k] == nil {
				return validationFailed("Installation", "permissions", "invalid", "The permissions requested are not granted to this installation.")
			}
			narrowed[k] = v
		}
		perms = narrowed
	}
	tok, exp := s.issueTokenLocked()
	return &response{status: http.StatusCreated, free: true, body: map[string]any{
		"token":                tok,
		"expires_at":           exp.UTC().Format(time.RFC3339),
		"permissions":          perms,
		"repository_selection": "all",
	}}
}

// listInstallationRepos is GET /installation/repositories (token auth).
func listInstallationRepos(s *Server, rq *request) *response {
	var repos []*Repo
	for _, r := range s.repos {
		repos = append(repos, r)
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].id < repos[j].id })
	p := s.paginate(rq, len(repos), 30)
	items := []any{}
	for _, r := range repos[p.start:p.end] {
		items = append(items, s.repoJSON(r, true))
	}
	return p.respond(map[string]any{"total_count": len(repos), "repository_selection": "all", "repositories": items})
}

func getRepo(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	return &response{body: s.repoJSON(r, true), lastModified: r.pushedAt}
}

// getCollaboratorPermission is GET .../collaborators/{username}/permission.
func getCollaboratorPermission(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	login := rq.params["username"]
	perm := s.permissionLocked(r, login)
	legacy := map[string]string{"": "none", "pull": "read", "read": "read", "triage": "read", "push": "write", "write": "write", "maintain": "write", "admin": "admin"}[perm]
	role := map[string]string{"": "none", "pull": "read", "read": "read", "push": "write"}[perm]
	if role == "" {
		role = perm
	}
	u := s.userJSON(s.userLocked(login))
	u["permissions"] = map[string]any{"admin": perm == "admin", "maintain": perm == "admin" || perm == "maintain", "push": legacy == "write" || legacy == "admin", "triage": perm != "" && perm != "pull" && perm != "read", "pull": perm != ""}
	u["role_name"] = role
	return &response{body: map[string]any{"permission": legacy, "role_name": role, "user": u}}
}

// checkCollaborator is GET .../collaborators/{username}: 204 or 404.
func checkCollaborator(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	if s.permissionLocked(r, rq.params["username"]) == "" {
		return &response{status: http.StatusNotFound}
	}
	return &response{status: http.StatusNoContent}
}
