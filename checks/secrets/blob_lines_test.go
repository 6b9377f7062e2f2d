package secrets

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// lineSource is a fakeSource that lists a blob's lines itself, as the local
// repository does for the files of a final diff from the root of history.
type lineSource struct{ *fakeSource }

func (s lineSource) BlobLines(ctx context.Context, sha string) ([]checks.Line, error) {
	s.count("BlobLines")
	b, ok := s.blobs[sha]
	if !ok {
		return nil, fmt.Errorf("no blob %s", sha)
	}
	return added("", strings.TrimSuffix(string(b), "\n")).Added, nil
}

// An added file whose lines the change set left out, to be read from the
// source, is scanned as if its lines were there: the same findings, at the
// head's lines, attributed to the commit that added them.
func TestAddedFilesReadFromTheSource(t *testing.T) {
	g := newGen(11)
	content := "name: app\ntoken: " + g.githubClassic() + "\nother: value\n"
	withLines := func() *checks.ChangeSet {
		src := newFakeSource()
		src.commits[sha("c1")] = []checks.File{added("config.yml", "name: app")}
		src.commits[sha("c2")] = []checks.File{addedAt("config.yml", 2, strings.Join(strings.Split(content, "\n")[1:3], "\n"))}
		return &checks.ChangeSet{
			Repo: "acme/app", HeadSHA: sha("c2"),
			Files:   []checks.File{added("config.yml", strings.TrimSuffix(content, "\n"))},
			Commits: []checks.Commit{{SHA: sha("c1"), Message: "add"}, {SHA: sha("c2"), Message: "more"}},
			Source:  src,
		}
	}
	want := mustRun(t, withLines(), policy(nil))

	cs := withLines()
	f := &cs.Files[0]
	f.Added, f.PatchMissing, f.BlobSHA = nil, true, sha("blob")
	src := lineSource{cs.Source.(*fakeSource)}
	src.blobs[sha("blob")] = []byte(content)
	cs.Source = src
	got := mustRun(t, cs, policy(nil))

	if len(blocking(want)) != 1 {
		t.Fatalf("the reference scan found:\n%s", describe(want.Findings))
	}
	if describe(got.Findings) != describe(want.Findings) {
		t.Errorf("read from the source:\n%s\nwith the lines in the change set:\n%s", describe(got.Findings), describe(want.Findings))
	}
	if src.calls["BlobLines"] != 1 || src.calls["Blob"] != 0 {
		t.Errorf("calls %v; want the lines read once, no whole blob", src.calls)
	}
}
