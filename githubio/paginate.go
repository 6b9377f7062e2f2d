package githubio

import "github.com/google/go-github/v60/github"

// perPage is the largest page GitHub serves: fewer requests, same rate limit per request.
const perPage = 100

// listPage reads one page of a list endpoint.
type listPage[T any] func(page github.ListOptions) ([]T, *github.Response, error)

// eachPage reads a list page after page, handing each to visit, until
// GitHub says there is no next page or visit returns false. It is the one
// pagination loop of Gatehouse's REST reads.
func eachPage[T any](list listPage[T], visit func([]T) bool) error {
	opt := github.ListOptions{PerPage: perPage}
	for {
		items, resp, err := list(opt)
		if err != nil {
			return err
		}
		if !visit(items) || resp == nil || resp.NextPage == 0 {
			return nil
		}
		opt.Page = resp.NextPage
	}
}

// allPages reads every page of a list.
func allPages[T any](list listPage[T]) ([]T, error) {
	var all []T
	err := eachPage(list, func(items []T) bool {
		all = append(all, items...)
		return true
	})
	return all, err
}
