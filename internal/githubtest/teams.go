package githubtest

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// Team is an organisation team with members and repository access.
type Team struct {
	s         *Server
	id        int64
	org       *user
	slug      string
	name      string
	members   map[string]string // lower-case login -> role (member, maintainer)
	repos     map[*Repo]string  // repository -> permission
	createdAt time.Time
}

// AddTeam creates the team org/slug with members (role "member").
func (s *Server) AddTeam(org, slug string, members ...string) *Team {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &Team{
		s: s, id: s.nextIDLocked(), org: s.orgLocked(org), slug: slug, name: slug,
		members: map[string]string{}, repos: map[*Repo]string{},
		createdAt: time.Now().UTC().Truncate(time.Second),
	}
	for _, m := range members {
		s.userLocked(m)
		t.members[strings.ToLower(m)] = "member"
	}
	s.teams[strings.ToLower(org+"/"+slug)] = t
	return t
}

// AddMember adds login to the team with role "member" or "maintainer".
func (t *Team) AddMember(login, role string) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	t.s.userLocked(login)
	t.members[strings.ToLower(login)] = role
}

// RemoveMember removes login from the team.
func (t *Team) RemoveMember(login string) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	delete(t.members, strings.ToLower(login))
}

// Grant gives the team a permission (pull, triage, push, maintain, admin) on
// repo; only then can it be requested as a reviewer there.
func (t *Team) Grant(repo *Repo, permission string) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	t.repos[repo] = permission
}

// Slug is the team's slug.
func (t *Team) Slug() string { return t.slug }

// ID is the team's id.
func (t *Team) ID() int64 { return t.id }

func (s *Server) isOrgMemberLocked(org, login string) bool {
	for _, t := range s.teams {
		if strings.EqualFold(t.org.login, org) && t.members[strings.ToLower(login)] != "" {
			return true
		}
	}
	return false
}

// teamJSON renders team-simple, or team-full with full.
func (s *Server) teamJSON(t *Team, full bool) map[string]any {
	api := s.apiURL("organizations/" + itoa(int(t.org.id)) + "/team/" + itoa(int(t.id)))
	m := map[string]any{
		"id": t.id, "node_id": nodeID("Team", t.id), "url": api,
		"html_url": s.webURL("orgs/" + t.org.login + "/teams/" + t.slug),
		"name":     t.name, "slug": t.slug, "description": nil,
		"privacy": "closed", "notification_setting": "notifications_enabled",
		"permission": "pull", "members_url": api + "/members{/member}",
		"repositories_url": api + "/repos", "type": "organization",
	}
	if full {
		m["parent"] = nil
		m["created_at"] = ts(t.createdAt)
		m["updated_at"] = ts(t.createdAt)
		m["members_count"] = len(t.members)
		m["repos_count"] = len(t.repos)
		org := s.orgJSON(t.org)
		org["name"] = t.org.login
		org["html_url"] = s.webURL(t.org.login)
		org["has_organization_projects"] = true
		org["has_repository_projects"] = true
		org["public_repos"] = 0
		org["public_gists"] = 0
		org["followers"] = 0
		org["following"] = 0
		org["type"] = "Organization"
		org["created_at"] = ts(t.createdAt)
		org["updated_at"] = ts(t.createdAt)
		org["archived_at"] = nil
		m["organization"] = org
	} else {
		m["parent"] = nil
	}
	return m
}

// teamFromParams finds org/team_slug, or answers 403 when the App may not
// read members, or 404.
func (s *Server) teamFromParams(rq *request) (*Team, *response) {
	if s.cfg.membersForbidden {
		return nil, errorResponse(http.StatusForbidden, "Resource not accessible by integration")
	}
	t := s.teams[strings.ToLower(rq.params["org"]+"/"+rq.params["team_slug"])]
	if t == nil {
		return nil, notFound()
	}
	return t, nil
}

func getTeam(s *Server, rq *request) *response {
	t, errResp := s.teamFromParams(rq)
	if errResp != nil {
		return errResp
	}
	return &response{body: s.teamJSON(t, true)}
}

func listTeamMembers(s *Server, rq *request) *response {
	t, errResp := s.teamFromParams(rq)
	if errResp != nil {
		return errResp
	}
	role := rq.query.Get("role")
	var logins []string
	for l, r := range t.members {
		if role == "" || role == "all" || role == r {
			logins = append(logins, l)
		}
	}
	sort.Strings(logins)
	items := make([]any, len(logins))
	for i, l := range logins {
		items[i] = s.userJSON(s.userLocked(l))
	}
	return s.listResponse(rq, items, 30)
}

func getTeamMembership(s *Server, rq *request) *response {
	t, errResp := s.teamFromParams(rq)
	if errResp != nil {
		return errResp
	}
	login := rq.params["username"]
	role := t.members[strings.ToLower(login)]
	if role == "" {
		return notFound()
	}
	return &response{body: map[string]any{
		"url":   s.apiURL("organizations/" + itoa(int(t.org.id)) + "/team/" + itoa(int(t.id)) + "/memberships/" + login),
		"role":  role,
		"state": "active",
	}}
}

func listRepoTeams(s *Server, rq *request) *response {
	r := s.repoFromParams(rq)
	if r == nil {
		return notFound()
	}
	var teams []*Team
	for _, t := range s.teams {
		if _, ok := t.repos[r]; ok {
			teams = append(teams, t)
		}
	}
	sort.Slice(teams, func(i, j int) bool { return teams[i].slug < teams[j].slug })
	items := make([]any, len(teams))
	for i, t := range teams {
		m := s.teamJSON(t, false)
		m["permission"] = t.repos[r]
		items[i] = m
	}
	return s.listResponse(rq, items, 30)
}

// permissionLocked is login's permission on r: owner admin, else the best of
// direct collaboration and team grants, else "" (no access).
func (s *Server) permissionLocked(r *Repo, login string) string {
	if strings.EqualFold(login, r.owner.login) {
		return "admin"
	}
	rank := map[string]int{"pull": 1, "read": 1, "triage": 2, "push": 3, "write": 3, "maintain": 4, "admin": 5}
	best := r.collaborators[strings.ToLower(login)]
	for _, t := range s.teams {
		if p, ok := t.repos[r]; ok && t.members[strings.ToLower(login)] != "" && rank[p] > rank[best] {
			best = p
		}
	}
	return best
}
