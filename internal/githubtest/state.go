package githubtest

import (
	"strings"
	"time"
)

// user is a GitHub account: a person, an organisation or a bot.
type user struct {
	login string
	id    int64
	kind  string // "User", "Organization" or "Bot"
}

// userLocked returns the account for login, creating a "User" on first sight.
func (s *Server) userLocked(login string) *user {
	key := strings.ToLower(login)
	if u, ok := s.users[key]; ok {
		return u
	}
	kind := "User"
	if strings.HasSuffix(login, "[bot]") {
		kind = "Bot"
	}
	u := &user{login: login, id: s.nextIDLocked(), kind: kind}
	s.users[key] = u
	return u
}

// orgLocked returns the account for an organisation, turning a login first
// seen as a user into one.
func (s *Server) orgLocked(login string) *user {
	u := s.userLocked(login)
	u.kind = "Organization"
	return u
}

// Repo is a repository of the fake. Change it with Commit, CreateBranch,
// Fork, AddCollaborator; open pull requests on it with Server.OpenPR.
type Repo struct {
	s             *Server
	id            int64
	owner         *user
	name          string
	private       bool
	defaultBranch string
	branches      map[string]string // name -> commit sha
	parent        *Repo
	createdAt     time.Time
	pushedAt      time.Time
	nextNumber    int
	pulls         map[int]*PullRequest
	labelNames    []string // repository labels, in creation order
	labelByName   map[string]*label
	collaborators map[string]string // login -> permission
}

// RepoOption configures AddRepo.
type RepoOption func(*Repo)

// Private makes the repository private.
func Private() RepoOption { return func(r *Repo) { r.private = true } }

// DefaultBranch sets the default branch (default "main").
func DefaultBranch(name string) RepoOption { return func(r *Repo) { r.defaultBranch = name } }

// OwnedByUser makes the owner a personal account instead of an organisation.
func OwnedByUser() RepoOption { return func(r *Repo) { r.owner.kind = "User" } }

// AddRepo creates owner/name, owned by an organisation, with one empty
// initial commit on the default branch "main".
func (s *Server) AddRepo(owner, name string, opts ...RepoOption) *Repo {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.newRepoLocked(s.orgLocked(owner), name)
	for _, o := range opts {
		o(r)
	}
	root := s.objs.putCommit(map[string]string{}, nil, "Initial commit", owner, s.tickLocked())
	r.branches[r.defaultBranch] = root.sha
	return r
}

func (s *Server) newRepoLocked(owner *user, name string) *Repo {
	now := time.Now().UTC().Truncate(time.Second)
	r := &Repo{
		s:             s,
		id:            s.nextIDLocked(),
		owner:         owner,
		name:          name,
		defaultBranch: "main",
		branches:      map[string]string{},
		createdAt:     now,
		pushedAt:      now,
		nextNumber:    1,
		pulls:         map[int]*PullRequest{},
		labelByName:   map[string]*label{},
		collaborators: map[string]string{},
	}
	s.repos[strings.ToLower(r.fullName())] = r
	return r
}

// tickLocked is the next commit date: commits are a minute apart.
func (s *Server) tickLocked() time.Time {
	s.clock += 60
	return commitEpoch.Add(time.Duration(s.clock) * time.Second)
}

func (r *Repo) fullName() string { return r.owner.login + "/" + r.name }

// FullName is "owner/name".
func (r *Repo) FullName() string { return r.fullName() }

// Owner is the owner's login.
func (r *Repo) Owner() string { return r.owner.login }

// Name is the repository name.
func (r *Repo) Name() string { return r.name }

// ID is the repository id.
func (r *Repo) ID() int64 { return r.id }

// Content makes a file content for Repo.Commit's changes map.
func Content(s string) *string { return &s }

// Commit adds a commit on branch with the changes applied to its tip: each
// path maps to the new content, or to nil to delete the file. The parent is
// the branch tip; open pull requests whose head is this branch follow it.
// It returns the commit's SHA.
func (r *Repo) Commit(branch, message, author string, changes map[string]*string) string {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	tip, ok := r.branches[branch]
	if !ok {
		r.s.t.Fatalf("githubtest: Commit on %s: no branch %q", r.fullName(), branch)
	}
	files := make(map[string]string, len(r.s.objs.commits[tip].files)+len(changes))
	for p, sha := range r.s.objs.commits[tip].files {
		files[p] = sha
	}
	for p, c := range changes {
		p = strings.Trim(p, "/")
		if c == nil {
			if _, ok := files[p]; !ok {
				r.s.t.Fatalf("githubtest: Commit on %s: deleting %q, which %s does not have", r.fullName(), p, branch)
			}
			delete(files, p)
			continue
		}
		files[p] = r.s.objs.putBlob([]byte(*c))
	}
	c := r.s.objs.putCommit(files, []string{tip}, message, author, r.s.tickLocked())
	r.moveBranchLocked(branch, c.sha)
	r.s.userLocked(author)
	return c.sha
}

// Push is Commit under the name tests use for "a new push to the PR head".
func (r *Repo) Push(branch, message, author string, changes map[string]*string) string {
	return r.Commit(branch, message, author, changes)
}

// Merge commits a merge of from into branch (two parents, the union tree
// with from's version winning), as a base branch moving under a PR does.
func (r *Repo) Merge(branch, from, author string) string {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	tip, fromTip := r.branches[branch], r.branches[from]
	if tip == "" || fromTip == "" {
		r.s.t.Fatalf("githubtest: Merge on %s: unknown branch %q or %q", r.fullName(), branch, from)
	}
	files := map[string]string{}
	for p, sha := range r.s.objs.commits[tip].files {
		files[p] = sha
	}
	for p, sha := range r.s.objs.commits[fromTip].files {
		files[p] = sha
	}
	c := r.s.objs.putCommit(files, []string{tip, fromTip}, "Merge branch '"+from+"' into "+branch, author, r.s.tickLocked())
	r.moveBranchLocked(branch, c.sha)
	return c.sha
}

// CreateBranch creates branch name at the commit that ref (a branch or SHA) names.
func (r *Repo) CreateBranch(name, ref string) string {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	sha, ok := r.resolveLocked(ref)
	if !ok {
		r.s.t.Fatalf("githubtest: CreateBranch on %s: unknown ref %q", r.fullName(), ref)
	}
	r.branches[name] = sha
	return sha
}

// SetBranch points branch at sha (a force-push); PRs whose head it is follow.
func (r *Repo) SetBranch(branch, sha string) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.objs.commits[sha]; !ok {
		r.s.t.Fatalf("githubtest: SetBranch on %s: unknown commit %s", r.fullName(), sha)
	}
	r.moveBranchLocked(branch, sha)
}

// BranchSHA is the tip of branch, or "" when there is no such branch.
func (r *Repo) BranchSHA(branch string) string {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.branches[branch]
}

func (r *Repo) moveBranchLocked(branch, sha string) {
	r.branches[branch] = sha
	r.pushedAt = time.Now().UTC().Truncate(time.Second)
	for _, base := range r.s.repos {
		for _, pr := range base.pulls {
			if pr.headRepo == r && pr.headRef == branch && pr.state == "open" && pr.headSHA != sha {
				pr.beforeSHA, pr.headSHA = pr.headSHA, sha
				pr.updatedAt = r.pushedAt
			}
		}
	}
}

// Fork creates owner/name as a fork of r owned by a personal account, with
// the same branches. Its branches can be the head of a PR on r.
func (r *Repo) Fork(owner string) *Repo {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	f := r.s.newRepoLocked(r.s.userLocked(owner), r.name)
	f.parent = r
	f.private = r.private
	f.defaultBranch = r.defaultBranch
	for b, sha := range r.branches {
		f.branches[b] = sha
	}
	return f
}

// AddCollaborator gives login a permission (pull, triage, push, maintain,
// admin) on the repository, which makes it a possible reviewer.
func (r *Repo) AddCollaborator(login, permission string) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	r.s.userLocked(login)
	r.collaborators[strings.ToLower(login)] = permission
}
