package secrets

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// twoCommits is a pull request whose first commit adds tok to leak.txt and
// whose second deletes the file, so the final diff only has readme.md.
func twoCommits(tok string) *checks.ChangeSet {
	src := newFakeSource()
	src.commits[sha("c1")] = []checks.File{added("leak.txt", "hello\ntoken: "+tok), added("readme.md", "# app")}
	src.commits[sha("c2")] = []checks.File{{Path: "leak.txt", Status: "removed", Deletions: 2}}
	return &checks.ChangeSet{
		Repo: "acme/app", Number: 3, Title: "Add app", HeadSHA: sha("c2"),
		Files:   []checks.File{added("readme.md", "# app")},
		Commits: []checks.Commit{{SHA: sha("c1"), Message: "add"}, {SHA: sha("c2"), Message: "oops, remove"}},
		Source:  src,
	}
}

func TestHistory(t *testing.T) {
	g := newGen(3)
	tok := g.githubClassic()

	t.Run("secret added then deleted is still reported, attributed to its commit", func(t *testing.T) {
		res := mustRun(t, twoCommits(tok), policy(nil))
		bl := blocking(res)
		if len(bl) != 1 {
			t.Fatalf("want 1 finding, got:\n%s", describe(res.Findings))
		}
		f := bl[0]
		if f.Path != "leak.txt" || f.StartLine != 2 || f.Commit != sha("c1") || f.RuleID != "github-pat" {
			t.Errorf("got %s:%d from %q by %s, want leak.txt:2 from c1 by github-pat", f.Path, f.StartLine, f.Commit, f.RuleID)
		}
		if !strings.Contains(f.Message, "no longer has it") || !strings.Contains(f.Message, checks.ShortSHA(sha("c1"))) {
			t.Errorf("message does not say the head lost it but the commit has it:\n%s", f.Message)
		}
		if !strings.Contains(res.Summary, "leak.txt:2") || !strings.Contains(res.Summary, "no longer in the head") {
			t.Errorf("summary does not list the deleted file's finding:\n%s", res.Summary)
		}
		if res.Conclusion != checks.Failure || res.Title != "1 secret found" {
			t.Errorf("got %s %q", res.Conclusion, res.Title)
		}
	})

	t.Run("history off scans only the final diff", func(t *testing.T) {
		cs := twoCommits(tok)
		res := mustRun(t, cs, policy(func(s *config.Secrets) { s.History = false }))
		if len(res.Findings) != 0 || res.Conclusion != checks.Success || res.Title != "No secrets found" {
			t.Errorf("got %s %q:\n%s", res.Conclusion, res.Title, describe(res.Findings))
		}
		if n := cs.Source.(*fakeSource).calls["CommitFiles"]; n != 0 {
			t.Errorf("read %d commit diffs with history off", n)
		}
		if !strings.Contains(res.Summary, "history: false") {
			t.Errorf("summary does not say earlier commits were skipped:\n%s", res.Summary)
		}
	})

	t.Run("same secret in several commits is one finding at the head's line, from the earliest commit", func(t *testing.T) {
		src := newFakeSource()
		src.commits[sha("c1")] = []checks.File{added("cfg.yml", "a: 1\nkey: "+tok)}
		src.commits[sha("c2")] = []checks.File{addedAt("cfg.yml", 1, "# header\n# more")}
		src.commits[sha("c3")] = []checks.File{addedAt("cfg.yml", 9, "again: "+tok)}
		cs := &checks.ChangeSet{
			HeadSHA: sha("c3"),
			// At the head the file starts with the two header lines.
			Files:   []checks.File{added("cfg.yml", "# header\n# more\na: 1\nkey: "+tok+"\nb\nc\nd\ne\nagain: "+tok)},
			Commits: []checks.Commit{{SHA: sha("c1")}, {SHA: sha("c2")}, {SHA: sha("c3")}},
			Source:  src,
		}
		res := mustRun(t, cs, policy(nil))
		bl := blocking(res)
		if len(bl) != 1 {
			t.Fatalf("want one finding, got:\n%s", describe(res.Findings))
		}
		if f := bl[0]; f.StartLine != 4 || f.Commit != sha("c1") || !strings.Contains(f.Message, "also on line 9") {
			t.Errorf("got line %d commit %q, want the head's line 4 from c1, also on line 9:\n%s", f.StartLine, f.Commit, f.Message)
		}
	})

	t.Run("secrets in title, description and commit messages have no path", func(t *testing.T) {
		g := newGen(4)
		inTitle, inBody, inMsg := g.stripe(), g.slackBot(), g.githubClassic()
		cs := finalOnly(added("main.go", "package main"))
		cs.Title = "Use key " + inTitle
		cs.Body = "Steps:\n1. set the token\n2. token is " + inBody
		cs.Commits[0].Message = "wip: " + inMsg
		res := mustRun(t, cs, policy(nil))
		places := map[string]bool{}
		for _, f := range blocking(res) {
			if f.Path != "" || f.StartLine != 0 {
				t.Errorf("PR text finding has a location: %s:%d", f.Path, f.StartLine)
			}
			places[f.RuleID] = true
			if f.RuleID == "github-pat" && f.Commit != sha("c1") {
				t.Errorf("commit message finding not attributed to its commit: %q", f.Commit)
			}
		}
		if !places["stripe-access-token"] || !places["slack-bot-token"] || !places["github-pat"] || len(places) != 3 {
			t.Errorf("want title, body and message findings, got:\n%s", describe(res.Findings))
		}
		for _, where := range []string{"pull request title", "pull request description", "message of commit " + checks.ShortSHA(sha("c1"))} {
			if !strings.Contains(res.Summary, where) {
				t.Errorf("summary does not name %q:\n%s", where, res.Summary)
			}
		}
	})

	t.Run("a commit diff that cannot be read fails the run", func(t *testing.T) {
		cs := twoCommits(tok)
		cs.Source.(*fakeSource).failCommit = sha("c2")
		_, err := run(t, newCheck(t), cs, policy(nil), nil)
		if err == nil || !strings.Contains(err.Error(), checks.ShortSHA(sha("c2"))) {
			t.Errorf("err = %v, want one naming commit c2", err)
		}
	})
}

func TestFilesWithoutPatch(t *testing.T) {
	g := newGen(5)
	tok := g.githubClassic()
	text := []byte(strings.Repeat("filler line\n", 50) + "token = " + tok + "\n")
	binary := append([]byte("\x00\x01PNG"), []byte("token = "+tok)...)
	big := []byte(strings.Repeat("x", 2048) + "\ntoken = " + tok)

	tests := []struct {
		name     string
		content  []byte
		wantLine int // 0: no finding
		skipped  bool
	}{
		{"text file scanned whole", text, 51, false},
		{"binary file skipped", binary, 0, false},
		{"file over the cap listed as not scanned", big, 0, true},
	}
	c, err := New(WithMaxBlobSize(1024))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := checks.File{Path: "data/blob.txt", Status: "added", BlobSHA: sha("blob"), PatchMissing: true}
			cs := finalOnly(f)
			cs.Source.(*fakeSource).blobs[sha("blob")] = tt.content
			res, err := run(t, c, cs, policy(nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			bl := blocking(res)
			if tt.wantLine == 0 && len(bl) != 0 || tt.wantLine != 0 && (len(bl) != 1 || bl[0].StartLine != tt.wantLine) {
				t.Errorf("want finding at line %d, got:\n%s", tt.wantLine, describe(res.Findings))
			}
			if got := strings.Contains(res.Summary, "Not scanned") && strings.Contains(res.Title, "1 file not scanned"); got != tt.skipped {
				t.Errorf("reported as not scanned = %v, want %v: %q\n%s", got, tt.skipped, res.Title, res.Summary)
			}
			// The commit and the final diff share the blob: it is read once.
			if n := cs.Source.(*fakeSource).calls["Blob"]; n != 1 {
				t.Errorf("blob read %d times", n)
			}
		})
	}
}

func TestManyCommitsAttributedConcurrently(t *testing.T) {
	g := newGen(15)
	src := newFakeSource()
	cs := &checks.ChangeSet{Source: src}
	want := map[string]string{} // fingerprint -> commit
	for i := 0; i < 30; i++ {
		c := sha(fmt.Sprintf("commit-%d", i))
		tok := g.githubClassic()
		path := fmt.Sprintf("pkg/f%02d.go", i)
		src.commits[c] = []checks.File{added(path, "package pkg\n\nconst token = \""+tok+"\"")}
		cs.Commits = append(cs.Commits, checks.Commit{SHA: c, Message: "commit " + strconv.Itoa(i)})
		want[Fingerprint("github-pat", tok)] = c
	}
	res := mustRun(t, cs, policy(nil))
	if len(res.Findings) != len(want) {
		t.Fatalf("got %d findings, want %d", len(res.Findings), len(want))
	}
	for _, f := range res.Findings {
		if want[f.Fingerprint] != f.Commit || f.StartLine != 3 {
			t.Errorf("%s at %s:%d attributed to %s, want %s", f.Fingerprint, f.Path, f.StartLine, f.Commit, want[f.Fingerprint])
		}
	}
}

func TestCancelledContextIsAnError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newCheck(t).Run(ctx, twoCommits(newGen(16).githubClassic()), policy(nil))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestUnreadableFilesFailTheRun(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(*fakeSource)
		wantErr string
	}{
		{"blob read error", func(s *fakeSource) { s.failBlob = true }, "data/big.json"},
		{"panic while scanning", func(s *fakeSource) { s.panicBlob = true }, "data/big.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The same blob in the commit and in the final diff: one reads it,
			// the other waits for it and must not take the failure for a result.
			f := checks.File{Path: "data/big.json", Status: "added", BlobSHA: sha("big"), PatchMissing: true}
			cs := finalOnly(f)
			tt.breakIt(cs.Source.(*fakeSource))
			res, err := run(t, newCheck(t), cs, policy(nil), nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || res != nil {
				t.Fatalf("got %v, %v; want an error naming %q", res, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "blob reader bug") {
				t.Errorf("the panic value is echoed: %v", err)
			}
		})
	}
}

// TestRenamesAreFollowed: a secret added in one commit and moved by a later
// one, with no change to its content, is one finding at the head's path and
// line, attributed to the commit that added it.
func TestRenamesAreFollowed(t *testing.T) {
	tok := newGen(41).githubClassic()
	content := "# settings\ntoken: " + tok
	tests := []struct {
		name    string
		commits [][]checks.File
		head    string
	}{
		{"renamed once", [][]checks.File{
			{added("config/dev.yml", content)},
			{{Path: "config/local.yml", PreviousPath: "config/dev.yml", Status: "renamed"}},
		}, "config/local.yml"},
		{"renamed twice", [][]checks.File{
			{added("a.yml", content)},
			{{Path: "b.yml", PreviousPath: "a.yml", Status: "renamed"}},
			{{Path: "c/d.yml", PreviousPath: "b.yml", Status: "renamed"}},
		}, "c/d.yml"},
		{"two files swapped in one commit", [][]checks.File{
			{added("a.yml", content), added("b.yml", "# nothing")},
			{{Path: "b.yml", PreviousPath: "a.yml", Status: "renamed"}, {Path: "a.yml", PreviousPath: "b.yml", Status: "renamed"}},
		}, "b.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newFakeSource()
			cs := &checks.ChangeSet{Repo: "acme/app", Number: 4, Source: src, Files: []checks.File{added(tt.head, content)}}
			for i, files := range tt.commits {
				name := sha(strconv.Itoa(i))
				src.commits[name] = files
				cs.Commits = append(cs.Commits, checks.Commit{SHA: name})
			}
			res := mustRun(t, cs, policy(nil))
			if len(res.Findings) != 1 {
				t.Fatalf("want one finding for one secret moved by renames, got:\n%s", describe(res.Findings))
			}
			f := res.Findings[0]
			if f.Path != tt.head || f.StartLine != 2 || f.Commit != sha("0") {
				t.Errorf("got %s:%d from %q, want %s:2 from the first commit", f.Path, f.StartLine, f.Commit, tt.head)
			}
			if strings.Contains(f.Message, "no longer has it") {
				t.Errorf("message says the head lost a secret it still has:\n%s", f.Message)
			}
		})
	}
}
