package githubio

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-github/v60/github"
)

// TestPagination: every page is read, 100 at a time, following GitHub's
// next page; a visitor can stop early (no further request); an error on any
// page is the caller's.
func TestPagination(t *testing.T) {
	pages := map[int][]int{1: {1, 2}, 2: {3}, 3: {4, 5}} // page 0 is the first
	boom := errors.New("boom")
	fake := func(failAt int, asked *[]int) listPage[int] {
		return func(opt github.ListOptions) ([]int, *github.Response, error) {
			page := max(opt.Page, 1)
			*asked = append(*asked, page)
			if opt.PerPage != 100 {
				t.Errorf("per_page = %d, want 100", opt.PerPage)
			}
			if page == failAt {
				return nil, nil, boom
			}
			resp := &github.Response{}
			if page < len(pages) {
				resp.NextPage = page + 1
			}
			return pages[page], resp, nil
		}
	}
	cases := []struct {
		name      string
		failAt    int
		stopAfter int // stop once this many items are seen; 0 = never
		want      []int
		asked     []int
		err       error
	}{
		{name: "all pages", want: []int{1, 2, 3, 4, 5}, asked: []int{1, 2, 3}},
		{name: "stop early", stopAfter: 2, want: []int{1, 2}, asked: []int{1}},
		{name: "error on a later page", failAt: 2, want: []int{1, 2}, asked: []int{1, 2}, err: boom},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var asked, got []int
			err := eachPage(fake(c.failAt, &asked), func(items []int) bool {
				got = append(got, items...)
				return c.stopAfter == 0 || len(got) < c.stopAfter
			})
			if !errors.Is(err, c.err) {
				t.Errorf("err = %v, want %v", err, c.err)
			}
			if !reflect.DeepEqual(got, c.want) || !reflect.DeepEqual(asked, c.asked) {
				t.Errorf("got %v after asking pages %v; want %v after %v", got, asked, c.want, c.asked)
			}
		})
	}
	t.Run("allPages", func(t *testing.T) {
		var asked []int
		got, err := allPages(fake(0, &asked))
		if err != nil || !reflect.DeepEqual(got, []int{1, 2, 3, 4, 5}) {
			t.Errorf("allPages = %v, %v", got, err)
		}
	})
}
