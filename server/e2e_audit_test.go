package server_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// auditEvents reads the audit file, whose chain must verify, as its events.
func auditEvents(t *testing.T, path string) []audit.Event {
	t.Helper()
	if _, err := audit.VerifyFile(path); err != nil {
		t.Fatalf("audit file does not verify: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []audit.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Event audit.Event `json:"event"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("audit record %q: %v", sc.Text(), err)
		}
		out = append(out, line.Event)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// matches reports whether got is the event want describes: the same kind
// and outcome, want's actor when it names one, a reason containing want's,
// and want's details among got's.
func matches(got, want audit.Event) bool {
	if got.Kind != want.Kind || got.Outcome != want.Outcome || (want.Actor != "" && got.Actor != want.Actor) ||
		!strings.Contains(got.Reason, want.Reason) {
		return false
	}
	for k, v := range want.Details {
		if got.Details[k] != v {
			return false
		}
	}
	return true
}

// failingPR opens a pull request that commits a private key: the gate fails
// unless overridden.
func failingPR(e *env) *githubtest.PullRequest {
	pr := e.openPR("leak", map[string]string{"id_rsa": "k\n"})
	e.opened(pr)
	return pr
}

// workflowPR opens a pull request that needs InfoSec's approval.
func workflowPR(e *env) *githubtest.PullRequest {
	pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	return pr
}

func comment(e *env, pr *githubtest.PullRequest, login, body string) {
	e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment(login, body)))
}

func approve(e *env, pr *githubtest.PullRequest, login string) {
	rv := pr.SubmitReview(login, "APPROVED", "", "ok")
	e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
}

// TestEveryDecisionReachesTheAuditFile: each decision path records its
// event in the hash-chained audit file, not only in the log, stamped with
// the delivery, repository, pull request and head SHA it decided about.
func TestEveryDecisionReachesTheAuditFile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// act drives the server; it returns the pull request decided about,
		// or nil for a refused delivery, which names its delivery id instead.
		act      func(e *env) *githubtest.PullRequest
		want     audit.Event
		delivery string
	}{
		{name: "verdict", want: audit.Event{Kind: audit.KindVerdict, Outcome: "success", Actor: "dev"},
			act: func(e *env) *githubtest.PullRequest {
				pr := e.openPR("clean", map[string]string{"a.txt": "a\n"})
				e.opened(pr)
				return pr
			}},
		{name: "verdict of an evaluation that cannot finish", want: audit.Event{Kind: audit.KindVerdict, Outcome: "failure", Reason: "could not finish"},
			act: func(e *env) *githubtest.PullRequest {
				pr := e.openPR("down", map[string]string{"a.txt": "a\n"})
				e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503})
				e.opened(pr)
				return pr
			}},
		{name: "policy error", want: audit.Event{Kind: audit.KindConfigError, Outcome: "failure", Reason: "unknown key", Details: map[string]string{"base": "main"}},
			act: func(e *env) *githubtest.PullRequest {
				e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": "version: 1\ndlp:\n  forbiden: ['*.csv']\n"}))
				pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
				e.opened(pr)
				return pr
			}},
		{name: "reviewer request", want: audit.Event{Kind: audit.KindReviewerRequest, Outcome: "requested", Details: map[string]string{"teams": "security"}},
			act: workflowPR},
		{name: "reviewer request refused by GitHub", want: audit.Event{Kind: audit.KindReviewerRequest, Outcome: "failed", Details: map[string]string{"teams": "security"}},
			act: func(e *env) *githubtest.PullRequest {
				e.gh.InjectFault(githubtest.Fault{Method: "POST", PathRegexp: `/pulls/\d+/requested_reviewers`, Status: 422})
				return workflowPR(e)
			}},
		{name: "approval counted", want: audit.Event{Kind: audit.KindApprovalCounted, Outcome: "counted", Actor: "sec-alice"},
			act: func(e *env) *githubtest.PullRequest {
				pr := workflowPR(e)
				approve(e, pr, "sec-alice")
				return pr
			}},
		{name: "approval refused: not InfoSec", want: audit.Event{Kind: audit.KindApprovalRejected, Outcome: "rejected", Actor: "random-dev", Reason: "not a member of InfoSec"},
			act: func(e *env) *githubtest.PullRequest {
				pr := workflowPR(e)
				approve(e, pr, "random-dev")
				return pr
			}},
		{name: "approval refused: stale", want: audit.Event{Kind: audit.KindApprovalRejected, Outcome: "rejected", Actor: "sec-alice", Reason: "changed `.github/workflows/ci.yml`"},
			act: func(e *env) *githubtest.PullRequest {
				pr := workflowPR(e)
				approve(e, pr, "sec-alice")
				e.repo.Push("ci", "change ci", "dev", contents(map[string]string{".github/workflows/ci.yml": "on: [pull_request]\n"}))
				e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
				return pr
			}},
		{name: "override used", want: audit.Event{Kind: audit.KindOverrideUsed, Outcome: "used", Actor: "sec-bob", Reason: "incident 4711", Details: map[string]string{"via": "command"}},
			act: func(e *env) *githubtest.PullRequest {
				pr := failingPR(e)
				comment(e, pr, "sec-bob", "/gatehouse override incident 4711")
				return pr
			}},
		{name: "override refused", want: audit.Event{Kind: audit.KindOverrideRefused, Outcome: "refused", Actor: "dev", Reason: "only InfoSec members", Details: map[string]string{"via": "command"}},
			act: func(e *env) *githubtest.PullRequest {
				pr := failingPR(e)
				comment(e, pr, "dev", "/gatehouse override trust me")
				return pr
			}},
		{name: "override revoked", want: audit.Event{Kind: audit.KindOverrideUsed, Outcome: "revoked", Actor: "dev", Reason: "override label removed"},
			act: func(e *env) *githubtest.PullRequest {
				pr := failingPR(e)
				pr.AddLabel("security-override")
				e.deliver("pull_request", e.gh.PullRequestLabeledEvent("labeled", pr, "security-override", "sec-alice"))
				pr.RemoveLabel("security-override")
				e.deliver("pull_request", e.gh.PullRequestLabeledEvent("unlabeled", pr, "security-override", "dev"))
				return pr
			}},
		{name: "delivery refused: bad signature", delivery: "forged-1", want: audit.Event{Kind: audit.KindDeliveryRejected, Outcome: "refused", Reason: "bad signature", Details: map[string]string{"event": "pull_request"}},
			act: func(e *env) *githubtest.PullRequest {
				body := []byte(`{"action":"opened"}`)
				deliverRaw(t, e.hook, "not-the-secret", body, body, "forged-1")
				return nil
			}},
		{name: "delivery refused: no signature", delivery: "unsigned-1", want: audit.Event{Kind: audit.KindDeliveryRejected, Outcome: "refused", Reason: "no X-Hub-Signature-256"},
			act: func(e *env) *githubtest.PullRequest {
				body := []byte(`{"action":"opened"}`)
				deliverRaw(t, e.hook, "", body, body, "unsigned-1")
				return nil
			}},
		{name: "delivery refused: too large", delivery: "big-1", want: audit.Event{Kind: audit.KindDeliveryRejected, Outcome: "refused", Reason: "body over 25 MB"},
			act: func(e *env) *githubtest.PullRequest {
				big := make([]byte, 26<<20)
				deliverRaw(t, e.hook, webhookSecret, big, big, "big-1")
				return nil
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "audit.jsonl")
			e := infosecEnv(t, withAuditFile(path))
			pr := c.act(e)
			e.idle()
			events := auditEvents(t, path)
			var found *audit.Event
			for i := range events {
				if matches(events[i], c.want) {
					found = &events[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s/%s event like %+v in the audit file:\n%+v", c.want.Kind, c.want.Outcome, c.want, events)
			}
			if pr == nil {
				if found.Delivery != c.delivery {
					t.Errorf("event names delivery %q, want %q", found.Delivery, c.delivery)
				}
				return
			}
			if found.Repo != "octo-org/widgets" || found.PR != pr.Number() || found.SHA != pr.HeadSHA() || !strings.HasPrefix(found.Delivery, "delivery-") {
				t.Errorf("event is not stamped with what it decided about: delivery %q, repo %q, pr %d, sha %q; want octo-org/widgets#%d at %s",
					found.Delivery, found.Repo, found.PR, found.SHA, pr.Number(), pr.HeadSHA())
			}
		})
	}
}
