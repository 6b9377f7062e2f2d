package githubtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestWebhookPayloads(t *testing.T) {
	f := newPRFixture(t)
	head := f.pr.HeadSHA()
	run := f.repo.AddCheckRun(CheckRun{HeadSHA: head, Name: "gatehouse", AppID: f.s.AppID(), Conclusion: "failure"})
	review := f.pr.SubmitReview("sam", "APPROVED", "", "ok")
	comment := f.pr.AddComment("carol", "/gatehouse rerun")
	f.pr.AddLabel("security-override")
	f.repo.Push("feature", "again", "bob", map[string]*string{"z": Content("z\n")})

	tests := []struct {
		event string
		body  []byte
		check func(t *testing.T, ev any)
	}{
		{"pull_request", f.s.PullRequestEvent("opened", f.pr, "bob"), func(t *testing.T, ev any) {
			e := ev.(*github.PullRequestEvent)
			if e.GetNumber() != 1 || e.GetPullRequest().GetHead().GetSHA() != f.pr.HeadSHA() || e.GetPullRequest().GetBase().GetRef() != "main" {
				t.Errorf("number %d head %s", e.GetNumber(), e.GetPullRequest().GetHead().GetSHA())
			}
		}},
		{"pull_request", f.s.PullRequestEvent("synchronize", f.pr, "bob"), func(t *testing.T, ev any) {
			e := ev.(*github.PullRequestEvent)
			if e.GetBefore() != head || e.GetAfter() != f.pr.HeadSHA() {
				t.Errorf("before %s after %s", e.GetBefore(), e.GetAfter())
			}
		}},
		{"pull_request", f.s.PullRequestLabeledEvent("labeled", f.pr, "security-override", "sam"), func(t *testing.T, ev any) {
			e := ev.(*github.PullRequestEvent)
			if e.GetAction() != "labeled" || e.GetLabel().GetName() != "security-override" || e.GetSender().GetLogin() != "sam" {
				t.Errorf("label %s sender %s", e.GetLabel().GetName(), e.GetSender().GetLogin())
			}
		}},
		{"check_suite", f.s.CheckSuiteEvent("requested", f.repo, f.pr.HeadSHA()), func(t *testing.T, ev any) {
			e := ev.(*github.CheckSuiteEvent)
			if e.GetCheckSuite().GetHeadSHA() != f.pr.HeadSHA() || len(e.GetCheckSuite().PullRequests) != 1 || e.GetCheckSuite().GetApp().GetID() != f.s.AppID() {
				t.Errorf("suite %+v", e.GetCheckSuite())
			}
		}},
		{"check_run", f.s.CheckRunEvent("rerequested", run, "carol"), func(t *testing.T, ev any) {
			e := ev.(*github.CheckRunEvent)
			if e.GetCheckRun().GetID() != run.ID || e.GetCheckRun().GetCheckSuite().GetID() != run.SuiteID || e.GetCheckRun().GetHeadSHA() != head {
				t.Errorf("run %+v", e.GetCheckRun())
			}
		}},
		{"pull_request_review", f.s.PullRequestReviewEvent("submitted", f.pr, review), func(t *testing.T, ev any) {
			e := ev.(*github.PullRequestReviewEvent)
			if e.GetReview().GetState() != "APPROVED" || e.GetReview().GetUser().GetLogin() != "sam" || e.GetPullRequest().GetNumber() != 1 {
				t.Errorf("review %+v", e.GetReview())
			}
		}},
		{"issue_comment", f.s.IssueCommentEvent("created", f.pr, comment), func(t *testing.T, ev any) {
			e := ev.(*github.IssueCommentEvent)
			if e.GetComment().GetBody() != "/gatehouse rerun" || !e.GetIssue().IsPullRequest() || e.GetIssue().GetNumber() != 1 {
				t.Errorf("comment %+v", e.GetComment())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			for _, stale := range []string{"Codertocat", "Hello-World", "Octocoders", "api.github.com"} {
				if strings.Contains(string(tt.body), stale) {
					t.Errorf("payload still carries the template's %q", stale)
				}
			}
			ev, err := github.ParseWebHook(tt.event, tt.body)
			if err != nil {
				t.Fatalf("go-github cannot parse it: %v", err)
			}
			var env struct {
				Installation struct{ ID int64 } `json:"installation"`
				Repository   struct {
					FullName string `json:"full_name"`
				} `json:"repository"`
				Organization *struct{ Login string } `json:"organization"`
			}
			if err := json.Unmarshal(tt.body, &env); err != nil {
				t.Fatal(err)
			}
			if env.Installation.ID != f.s.InstallationID() || env.Repository.FullName != "octo-org/widgets" || env.Organization == nil {
				t.Errorf("envelope %+v", env)
			}
			tt.check(t, ev)
		})
	}
}

// TestWebhookKeepsRealShape checks that every field of the real deliveries
// the builders start from is still there.
func TestWebhookKeepsRealShape(t *testing.T) {
	f := newPRFixture(t)
	run := f.repo.AddCheckRun(CheckRun{HeadSHA: f.pr.HeadSHA(), Name: "gatehouse", AppID: f.s.AppID()})
	review := f.pr.SubmitReview("sam", "APPROVED", "", "ok")
	tests := []struct {
		template string
		body     []byte
		objects  []string
	}{
		{"pull_request.opened", f.s.PullRequestEvent("opened", f.pr, "bob"), []string{"pull_request", "repository", "sender"}},
		{"check_suite.requested", f.s.CheckSuiteEvent("requested", f.repo, f.pr.HeadSHA()), []string{"check_suite", "repository"}},
		{"check_run.rerequested", f.s.CheckRunEvent("rerequested", run, "bob"), []string{"check_run", "repository"}},
		{"pull_request_review.submitted", f.s.PullRequestReviewEvent("submitted", f.pr, review), []string{"review", "repository"}},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			real := template(tt.template)
			var got map[string]any
			if err := json.Unmarshal(tt.body, &got); err != nil {
				t.Fatal(err)
			}
			for _, obj := range tt.objects {
				want, _ := real[obj].(map[string]any)
				have, _ := got[obj].(map[string]any)
				for k := range want {
					if _, ok := have[k]; !ok && !optionalWebhookField[obj+"."+k] {
						t.Errorf("%s.%s is missing", obj, k)
					}
				}
			}
		})
	}
}

// optionalWebhookField lists fields of the real examples the fake leaves out
// because it has nothing truthful to put there.
var optionalWebhookField = map[string]bool{
	"check_run.deployment": true,
}

func TestDelivery(t *testing.T) {
	secret := "s3cret"
	var got *http.Request
	var payload []byte
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		var err error
		payload, err = github.ValidatePayload(r, []byte(secret))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(hook.Close)
	body := []byte(`{"zen":"Keep it logically awesome."}`)
	resp := NewDelivery(t, hook.URL, secret, "ping", "d-1", body)
	if resp.StatusCode != http.StatusAccepted || string(payload) != string(body) {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if github.WebHookType(got) != "ping" || github.DeliveryID(got) != "d-1" || !strings.HasPrefix(got.UserAgent(), "GitHub-Hookshot/") {
		t.Errorf("headers %v", got.Header)
	}
	if Sign([]byte(secret), body) != got.Header.Get("X-Hub-Signature-256") {
		t.Errorf("Sign disagrees with the delivered signature")
	}
	if resp := NewDelivery(t, hook.URL, "wrong", "ping", "d-2", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong secret was accepted: %d", resp.StatusCode)
	}
}
