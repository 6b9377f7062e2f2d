package githubtest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func annotations(n int, level string) []*github.CheckRunAnnotation {
	out := make([]*github.CheckRunAnnotation, n)
	for i := range out {
		out[i] = &github.CheckRunAnnotation{
			Path: github.String("src/main.go"), StartLine: github.Int(i + 1), EndLine: github.Int(i + 1),
			AnnotationLevel: github.String(level), Message: github.String(fmt.Sprintf("finding %d", i)),
		}
	}
	return out
}

func TestCheckRunAnnotationsAppend(t *testing.T) {
	f := newPRFixture(t)
	head := f.pr.HeadSHA()
	run := res(f.gh.Checks.CreateCheckRun(f.ctx, "octo-org", "widgets", github.CreateCheckRunOptions{
		Name: "gatehouse/secrets", HeadSHA: head, Status: github.String("in_progress"), ExternalID: github.String("eval-1"),
	})).must(t)
	if run.GetStatus() != "in_progress" || run.GetApp().GetID() != f.s.AppID() || len(run.PullRequests) != 1 {
		t.Fatalf("created run: status %s app %d prs %d", run.GetStatus(), run.GetApp().GetID(), len(run.PullRequests))
	}
	update := func(title string, anns []*github.CheckRunAnnotation, conclusion *string) {
		res(f.gh.Checks.UpdateCheckRun(f.ctx, "octo-org", "widgets", run.GetID(), github.UpdateCheckRunOptions{
			Name: "gatehouse/secrets", Conclusion: conclusion,
			Output: &github.CheckRunOutput{Title: github.String(title), Summary: github.String(title + " summary"), Annotations: anns},
		})).must(t)
	}
	update("first", annotations(50, "failure"), nil)
	update("second", annotations(10, "warning"), github.String("failure"))

	got, ok := f.s.CheckRunByID(run.GetID())
	if !ok || len(got.Annotations) != 60 || got.Title != "second" || got.Summary != "second summary" {
		t.Fatalf("stored run: %d annotations, title %q summary %q", len(got.Annotations), got.Title, got.Summary)
	}
	if got.Status != "completed" || got.Conclusion != "failure" || got.CompletedAt.IsZero() || got.ExternalID != "eval-1" {
		t.Errorf("conclusion did not complete the run: %+v", got)
	}
	var listed []*github.CheckRunAnnotation
	opts := &github.ListOptions{PerPage: 25}
	for {
		page, resp, err := f.gh.Checks.ListCheckRunAnnotations(f.ctx, "octo-org", "widgets", run.GetID(), opts)
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, page...)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if len(listed) != 60 || listed[50].GetAnnotationLevel() != "warning" {
		t.Errorf("listed %d annotations", len(listed))
	}
	fetched := res(f.gh.Checks.GetCheckRun(f.ctx, "octo-org", "widgets", run.GetID())).must(t)
	if fetched.GetOutput().GetAnnotationsCount() != 60 || fetched.GetConclusion() != "failure" {
		t.Errorf("annotations_count %d conclusion %s", fetched.GetOutput().GetAnnotationsCount(), fetched.GetConclusion())
	}
}

func TestCheckRunsForRefFilters(t *testing.T) {
	f := newPRFixture(t)
	head := f.pr.HeadSHA()
	create := func(name string) *github.CheckRun {
		return res(f.gh.Checks.CreateCheckRun(f.ctx, "octo-org", "widgets", github.CreateCheckRunOptions{
			Name: name, HeadSHA: head, Conclusion: github.String("success"),
		})).must(t)
	}
	create("gatehouse")
	latest := create("gatehouse")
	create("gatehouse/dlp")
	f.repo.AddCheckRun(CheckRun{HeadSHA: head, Name: "ci", AppID: 77, Conclusion: "failure"})

	tests := []struct {
		name string
		opts github.ListCheckRunsOptions
		want int
	}{
		{"latest per name by default", github.ListCheckRunsOptions{}, 3},
		{"all", github.ListCheckRunsOptions{Filter: github.String("all")}, 4},
		{"by name", github.ListCheckRunsOptions{CheckName: github.String("gatehouse")}, 1},
		{"by app", github.ListCheckRunsOptions{AppID: github.Int64(77)}, 1},
		{"by status", github.ListCheckRunsOptions{Status: github.String("in_progress")}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := res(f.gh.Checks.ListCheckRunsForRef(f.ctx, "octo-org", "widgets", head, &tt.opts)).must(t)
			if got.GetTotal() != tt.want || len(got.CheckRuns) != tt.want {
				t.Errorf("total %d, %d runs, want %d", got.GetTotal(), len(got.CheckRuns), tt.want)
			}
		})
	}
	byName := res(f.gh.Checks.ListCheckRunsForRef(f.ctx, "octo-org", "widgets", head, &github.ListCheckRunsOptions{CheckName: github.String("gatehouse")})).must(t)
	if byName.CheckRuns[0].GetID() != latest.GetID() {
		t.Errorf("latest run is %d, want %d", byName.CheckRuns[0].GetID(), latest.GetID())
	}
	suites := res(f.gh.Checks.ListCheckSuitesForRef(f.ctx, "octo-org", "widgets", head, nil)).must(t)
	if suites.GetTotal() != 2 {
		t.Errorf("%d suites, want one per app", suites.GetTotal())
	}
	if _, err := f.gh.Checks.ReRequestCheckSuite(f.ctx, "octo-org", "widgets", latest.GetCheckSuite().GetID()); err != nil {
		t.Errorf("rerequest suite: %v", err)
	}
	if _, err := f.gh.Checks.ReRequestCheckRun(f.ctx, "octo-org", "widgets", latest.GetID()); err != nil {
		t.Errorf("rerequest run: %v", err)
	}
	if n := f.s.SuiteRerequests(latest.GetCheckSuite().GetID()); n != 1 {
		t.Errorf("suite rerequested %d times", n)
	}
}

func TestCheckRunUnknownHeadSHA(t *testing.T) {
	f := newPRFixture(t)
	_, resp, err := f.gh.Checks.CreateCheckRun(f.ctx, "octo-org", "widgets", github.CreateCheckRunOptions{Name: "gatehouse", HeadSHA: strings.Repeat("0", 40)})
	if err == nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("want 422, got %v", err)
	}
	if len(f.s.Violations()) != 0 {
		t.Errorf("an unknown commit is not a malformed request: %v", f.s.Violations())
	}
}

func TestCheckRunValidation(t *testing.T) {
	multiLineCols := annotations(1, "failure")
	multiLineCols[0].EndLine = github.Int(3)
	multiLineCols[0].StartColumn, multiLineCols[0].EndColumn = github.Int(1), github.Int(4)
	longTitle := annotations(1, "failure")
	longTitle[0].Title = github.String(strings.Repeat("t", 256))
	hugeMessage := annotations(1, "failure")
	hugeMessage[0].Message = github.String(strings.Repeat("m", 64*1024+1))
	hugeDetails := annotations(1, "notice")
	hugeDetails[0].RawDetails = github.String(strings.Repeat("r", 64*1024+1))
	tests := []struct {
		name   string
		update github.UpdateCheckRunOptions
		reason string
	}{
		{"51 annotations", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: annotations(51, "failure")}}, "annotations"},
		{"unknown annotation_level", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: annotations(1, "error")}}, "annotation_level"},
		{"256-character title", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: longTitle}}, "255"},
		{"columns on a multi-line annotation", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: multiLineCols}}, "start_column"},
		{"message over 64 KB", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: hugeMessage}}, "message"},
		{"raw_details over 64 KB", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: hugeDetails}}, "raw_details"},
		{"summary over 65535 characters", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String(strings.Repeat("s", 65536))}}, "summary"},
		{"output without summary", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Title: github.String("t")}}, "summary"},
		{"output without title", github.UpdateCheckRunOptions{Output: &github.CheckRunOutput{Summary: github.String("s")}}, "title"},
		{"completed without conclusion", github.UpdateCheckRunOptions{Status: github.String("completed")}, "conclusion"},
		{"four actions", github.UpdateCheckRunOptions{Actions: make([]*github.CheckRunAction, 4)}, "actions"},
		{"status only GitHub Actions may set", github.UpdateCheckRunOptions{Status: github.String("waiting")}, "Actions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPRFixture(t, AllowViolations())
			run := res(f.gh.Checks.CreateCheckRun(f.ctx, "octo-org", "widgets", github.CreateCheckRunOptions{Name: "gatehouse", HeadSHA: f.pr.HeadSHA()})).must(t)
			if tt.update.Name == "" {
				tt.update.Name = "gatehouse"
			}
			for i := range tt.update.Actions {
				tt.update.Actions[i] = &github.CheckRunAction{Label: "Fix", Description: "Fix it", Identifier: "fix"}
			}
			_, resp, err := f.gh.Checks.UpdateCheckRun(f.ctx, "octo-org", "widgets", run.GetID(), tt.update)
			var er *github.ErrorResponse
			if !errors.As(err, &er) || resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("want a 422, got %v", err)
			}
			if !strings.HasPrefix(er.Message, "Invalid request.\n\n") || !strings.Contains(er.Message, tt.reason) {
				t.Errorf("message %q does not start with GitHub's prefix or name %q", er.Message, tt.reason)
			}
			if v := f.s.Violations(); len(v) != 1 {
				t.Errorf("recorded %d violations, want 1", len(v))
			}
			stored, _ := f.s.CheckRunByID(run.GetID())
			if len(stored.Annotations) != 0 || stored.Status != "queued" {
				t.Errorf("a rejected update changed the run: %+v", stored)
			}
		})
	}
}

// TestViolationsFailTheTest checks that a request GitHub would reject fails
// the test at cleanup unless AllowViolations is set.
func TestViolationsFailTheTest(t *testing.T) {
	rec := &recordingTB{TB: t}
	s := New(rec)
	repo := s.AddRepo("octo-org", "widgets")
	sha := repo.BranchSHA("main")
	gh := newGitHub(t, s, nil, false)
	_, _, err := gh.Checks.CreateCheckRun(t.Context(), "octo-org", "widgets", github.CreateCheckRunOptions{Name: "x", HeadSHA: sha, Status: github.String("bogus")})
	if err == nil {
		t.Fatal("an unknown status was accepted")
	}
	s.close()
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "GitHub would reject") {
		t.Errorf("cleanup errors: %q", rec.errors)
	}
}

// recordingTB captures Errorf instead of failing.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Cleanup(func()) {}
