package githubtest

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ts formats a time as GitHub does: ISO 8601 UTC to the second.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// tsOrNil is ts, or JSON null for the zero time.
func tsOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

// nodeID imitates GitHub's global relay ids: base64 of "<kind>:<id>".
func nodeID(kind string, id any) string {
	return base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("0%d:%s%v", len(kind), kind, id)))
}

// escapePath escapes each segment of a repository path for a URL.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// userJSON renders a simple-user.
func (s *Server) userJSON(u *user) map[string]any {
	api := "users/" + u.login
	return map[string]any{
		"login":               u.login,
		"id":                  u.id,
		"node_id":             nodeID(u.kind, u.id),
		"avatar_url":          s.webURL("avatars/u/" + fmt.Sprint(u.id) + "?v=4"),
		"gravatar_id":         "",
		"url":                 s.apiURL(api),
		"html_url":            s.webURL(u.login),
		"followers_url":       s.apiURL(api + "/followers"),
		"following_url":       s.apiURL(api + "/following{/other_user}"),
		"gists_url":           s.apiURL(api + "/gists{/gist_id}"),
		"starred_url":         s.apiURL(api + "/starred{/owner}{/repo}"),
		"subscriptions_url":   s.apiURL(api + "/subscriptions"),
		"organizations_url":   s.apiURL(api + "/orgs"),
		"repos_url":           s.apiURL(api + "/repos"),
		"events_url":          s.apiURL(api + "/events{/privacy}"),
		"received_events_url": s.apiURL(api + "/received_events"),
		"type":                u.kind,
		"site_admin":          false,
		"user_view_type":      "public",
	}
}

func (s *Server) loginJSON(login string) map[string]any { return s.userJSON(s.userLocked(login)) }

// orgJSON renders an organization-simple, as webhooks carry it.
func (s *Server) orgJSON(u *user) map[string]any {
	api := "orgs/" + u.login
	return map[string]any{
		"login":              u.login,
		"id":                 u.id,
		"node_id":            nodeID("Organization", u.id),
		"url":                s.apiURL(api),
		"repos_url":          s.apiURL(api + "/repos"),
		"events_url":         s.apiURL(api + "/events"),
		"hooks_url":          s.apiURL(api + "/hooks"),
		"issues_url":         s.apiURL(api + "/issues"),
		"members_url":        s.apiURL(api + "/members{/member}"),
		"public_members_url": s.apiURL(api + "/public_members{/member}"),
		"avatar_url":         s.webURL("avatars/u/" + fmt.Sprint(u.id) + "?v=4"),
		"description":        "",
	}
}

// repoURLTemplates are a repository's hypermedia fields, relative to its API URL.
var repoURLTemplates = map[string]string{
	"archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}",
	"blobs_url": "/git/blobs{/sha}", "branches_url": "/branches{/branch}",
	"collaborators_url": "/collaborators{/collaborator}", "comments_url": "/comments{/number}",
	"commits_url": "/commits{/sha}", "compare_url": "/compare/{base}...{head}",
	"contents_url": "/contents/{+path}", "contributors_url": "/contributors",
	"deployments_url": "/deployments", "downloads_url": "/downloads", "events_url": "/events",
	"forks_url": "/forks", "git_commits_url": "/git/commits{/sha}", "git_refs_url": "/git/refs{/sha}",
	"git_tags_url": "/git/tags{/sha}", "hooks_url": "/hooks",
	"issue_comment_url": "/issues/comments{/number}", "issue_events_url": "/issues/events{/number}",
	"issues_url": "/issues{/number}", "keys_url": "/keys{/key_id}", "labels_url": "/labels{/name}",
	"languages_url": "/languages", "merges_url": "/merges", "milestones_url": "/milestones{/number}",
	"notifications_url": "/notifications{?since,all,participating}", "pulls_url": "/pulls{/number}",
	"releases_url": "/releases{/id}", "stargazers_url": "/stargazers", "statuses_url": "/statuses/{sha}",
	"subscribers_url": "/subscribers", "subscription_url": "/subscription", "tags_url": "/tags",
	"teams_url": "/teams", "trees_url": "/git/trees{/sha}",
}

// repoJSON renders a repository; full adds what GET /repos/{owner}/{repo}
// returns beyond the repository embedded in other objects.
func (s *Server) repoJSON(r *Repo, full bool) map[string]any {
	api := s.apiURL("repos/" + r.fullName())
	host := strings.TrimPrefix(strings.TrimPrefix(s.http.URL, "http://"), "https://")
	visibility := "public"
	if r.private {
		visibility = "private"
	}
	m := map[string]any{
		"id":                          r.id,
		"node_id":                     nodeID("Repository", r.id),
		"name":                        r.name,
		"full_name":                   r.fullName(),
		"owner":                       s.userJSON(r.owner),
		"private":                     r.private,
		"html_url":                    s.webURL(r.fullName()),
		"description":                 nil,
		"fork":                        r.parent != nil,
		"url":                         api,
		"git_url":                     "git://" + host + "/" + r.fullName() + ".git",
		"ssh_url":                     "git@" + host + ":" + r.fullName() + ".git",
		"clone_url":                   s.webURL(r.fullName() + ".git"),
		"svn_url":                     s.webURL(r.fullName()),
		"mirror_url":                  nil,
		"homepage":                    nil,
		"language":                    nil,
		"size":                        0,
		"default_branch":              r.defaultBranch,
		"visibility":                  visibility,
		"archived":                    false,
		"disabled":                    false,
		"is_template":                 false,
		"topics":                      []any{},
		"has_issues":                  true,
		"has_projects":                true,
		"has_wiki":                    true,
		"has_pages":                   false,
		"has_downloads":               true,
		"has_discussions":             false,
		"forks":                       0,
		"forks_count":                 0,
		"open_issues":                 r.openPullsLocked(),
		"open_issues_count":           r.openPullsLocked(),
		"stargazers_count":            0,
		"watchers":                    0,
		"watchers_count":              0,
		"license":                     nil,
		"allow_forking":               true,
		"web_commit_signoff_required": false,
		"created_at":                  ts(r.createdAt),
		"updated_at":                  ts(r.pushedAt),
		"pushed_at":                   ts(r.pushedAt),
	}
	for k, v := range repoURLTemplates {
		m[k] = api + v
	}
	if full {
		m["network_count"] = 0
		m["subscribers_count"] = 0
		m["permissions"] = map[string]any{"admin": false, "maintain": false, "push": false, "triage": false, "pull": true}
		if r.owner.kind == "Organization" {
			m["organization"] = s.userJSON(r.owner)
		}
		if r.parent != nil {
			root := r.parent
			for root.parent != nil {
				root = root.parent
			}
			m["parent"] = s.repoJSON(r.parent, false)
			m["source"] = s.repoJSON(root, false)
		}
	}
	return m
}

func (r *Repo) openPullsLocked() int {
	n := 0
	for _, pr := range r.pulls {
		if pr.state == "open" {
			n++
		}
	}
	return n
}

// appJSON renders the App (integration) that owns the fake's check runs.
func (s *Server) appJSON(id int64) map[string]any {
	slug, name := appSlug, appName
	if id != appID {
		slug, name = fmt.Sprintf("other-app-%d", id), fmt.Sprintf("Other App %d", id)
	}
	created := commitEpoch.Add(-365 * 24 * time.Hour)
	return map[string]any{
		"id":                  id,
		"slug":                slug,
		"node_id":             nodeID("App", id),
		"client_id":           fmt.Sprintf("Iv1.%016x", id),
		"owner":               s.userJSON(s.orgLocked(appOwner)),
		"name":                name,
		"description":         "Security gate for pull requests",
		"external_url":        "https://gatehouse.example",
		"html_url":            s.webURL("apps/" + slug),
		"created_at":          ts(created),
		"updated_at":          ts(created),
		"permissions":         installationPermissions(),
		"events":              []any{"check_run", "check_suite", "pull_request", "pull_request_review", "issue_comment"},
		"installations_count": 1,
	}
}
