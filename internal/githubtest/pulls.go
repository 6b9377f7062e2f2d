package githubtest

import (
	"time"
)

// PullRequest is a pull request of the fake. Its head follows the head
// branch: a Repo.Commit on it updates head.sha.
type PullRequest struct {
	s         *Server
	repo      *Repo
	number    int
	id        int64
	baseRef   string
	baseSHA   string
	headRepo  *Repo
	headRef   string
	headSHA   string
	beforeSHA string    // head before the last push, for synchronize events
	prevBase  [2]string // base ref and sha before the last ChangeBase, for edited events
	title     string
	body      string
	author    string
	draft     bool
	state     string
	merged    bool
	createdAt time.Time
	updatedAt time.Time
	closedAt  time.Time
	labels    []*label
	reqUsers  []string
	reqTeams  []string // team slugs
	reviews   []*review
	events    []issueEvent
}

// PROptions describes a pull request to open.
type PROptions struct {
	Base     string // base branch; default: the repository's default branch
	Head     string // head branch
	HeadRepo *Repo  // repository of the head branch; nil: the base repository
	Title    string
	Body     string
	Author   string
	Draft    bool
}

// OpenPR opens a pull request on repo. base.sha is the base branch tip now.
func (s *Server) OpenPR(repo *Repo, o PROptions) *PullRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o.Base == "" {
		o.Base = repo.defaultBranch
	}
	if o.HeadRepo == nil {
		o.HeadRepo = repo
	}
	if o.Author == "" {
		o.Author = "octocat"
	}
	if o.Title == "" {
		o.Title = "Update " + o.Head
	}
	baseSHA, ok := repo.branches[o.Base]
	headSHA, ok2 := o.HeadRepo.branches[o.Head]
	if !ok || !ok2 {
		s.t.Fatalf("githubtest: OpenPR on %s: unknown base %q or head %q", repo.fullName(), o.Base, o.Head)
	}
	now := time.Now().UTC().Truncate(time.Second)
	pr := &PullRequest{
		s: s, repo: repo, number: repo.nextNumber, id: s.nextIDLocked(),
		baseRef: o.Base, baseSHA: baseSHA, headRepo: o.HeadRepo, headRef: o.Head, headSHA: headSHA,
		title: o.Title, body: o.Body, author: o.Author, draft: o.Draft, state: "open",
		createdAt: now, updatedAt: now,
	}
	repo.nextNumber++
	repo.pulls[pr.number] = pr
	s.userLocked(o.Author)
	return pr
}

// Number is the pull request number.
func (pr *PullRequest) Number() int { return pr.number }

// Repo is the base repository.
func (pr *PullRequest) Repo() *Repo { return pr.repo }

// HeadSHA is the current head commit.
func (pr *PullRequest) HeadSHA() string {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	return pr.headSHA
}

// BaseSHA is base.sha as GitHub reports it.
func (pr *PullRequest) BaseSHA() string {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	return pr.baseSHA
}

// Close closes the pull request; merged marks it merged.
func (pr *PullRequest) Close(merged bool) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	pr.state, pr.merged = "closed", merged
	pr.closedAt = time.Now().UTC().Truncate(time.Second)
	pr.updatedAt = pr.closedAt
}

// SetDraft marks the pull request draft or ready for review.
func (pr *PullRequest) SetDraft(draft bool) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	pr.draft = draft
	pr.touchLocked()
}

// ChangeBase retargets the pull request to another base branch, updating base.sha.
func (pr *PullRequest) ChangeBase(branch string) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	sha, ok := pr.repo.branches[branch]
	if !ok {
		pr.s.t.Fatalf("githubtest: ChangeBase: no branch %q", branch)
	}
	pr.prevBase = [2]string{pr.baseRef, pr.baseSHA}
	pr.baseRef, pr.baseSHA = branch, sha
	pr.touchLocked()
}

func (pr *PullRequest) touchLocked() { pr.updatedAt = time.Now().UTC().Truncate(time.Second) }

// mergeBaseLocked is where the PR's diff starts: the merge base of the base
// branch's current tip and the head, as GitHub's "files changed" uses.
func (pr *PullRequest) mergeBaseLocked() string {
	tip := pr.repo.branches[pr.baseRef]
	if tip == "" {
		tip = pr.baseSHA
	}
	return pr.s.objs.mergeBase(tip, pr.headSHA)
}

func (pr *PullRequest) filesLocked() []fileDiff {
	return pr.s.diffCommitsLocked(pr.mergeBaseLocked(), pr.headSHA)
}

func (pr *PullRequest) commitsLocked() []*commitObj {
	return pr.s.objs.commitsBetween(pr.repo.branches[pr.baseRef], pr.headSHA)
}
