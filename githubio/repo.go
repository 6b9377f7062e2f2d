package githubio

import (
	"errors"
	"net/http"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

// Repo is GitHub as one evaluation of one repository sees it: every read and
// write, through the installation's client (and so its HTTP cache and
// retries). Reads are memoised for the life of the Repo, one evaluation.
type Repo struct {
	client       *github.Client
	owner, name  string
	memo         *memo.Memo
	cache        *ProcessCache
	maxBlobBytes int64
}

// NewRepo returns the Repo of owner/name for one evaluation. cache is the
// process-wide memory shared by every evaluation (nil: none).
func NewRepo(client *github.Client, owner, name string, cache *ProcessCache) *Repo {
	if cache == nil {
		cache = NewProcessCache(0, true) // remembers nothing across evaluations
	}
	return &Repo{client: client, owner: owner, name: name, memo: memo.New(), cache: cache, maxBlobBytes: 50 << 20}
}

// Owner is the repository's owner (organisation or user).
func (g *Repo) Owner() string { return g.owner }

// FullName is "owner/name".
func (g *Repo) FullName() string { return g.owner + "/" + g.name }

// GitHub is everything an evaluation reads and writes in one repository.
type GitHub interface {
	Reader
	Publisher
}

var _ GitHub = (*Repo)(nil)

func isNotFound(err error) bool {
	var ge *github.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusNotFound
}
