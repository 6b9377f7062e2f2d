package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

// sink is a Slack-compatible webhook receiver on loopback.
type sink struct {
	mu   sync.Mutex
	msgs []string
}

func newSink(t *testing.T) (*sink, string) {
	s := &sink{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(b, &m) != nil || m.Text == "" {
			t.Errorf("notification is not Slack-compatible JSON: %s", b)
		}
		s.mu.Lock()
		s.msgs = append(s.msgs, string(b))
		s.mu.Unlock()
	}))
	t.Cleanup(hs.Close)
	return s, hs.URL
}

func (s *sink) waitFor(t *testing.T, sub string) string {
	t.Helper()
	var found string
	testutil.Eventually(t, 30*time.Second, fmt.Sprintf("a notification contains %q", sub), func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, m := range s.msgs {
			if strings.Contains(m, sub) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

func TestNotificationsAndAuditFile(t *testing.T) {
	t.Parallel()
	s, url := newSink(t)
	auditFile := filepath.Join(t.TempDir(), "audit.jsonl")
	e := infosecEnv(t, withNotify(url), withAuditFile(auditFile))
	pr := e.openPR("mixed", map[string]string{"deploy/.env": "A=1\n", ".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	s.waitFor(t, "deploy/.env")
	s.waitFor(t, "review requested")
	e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("dev", "/gatehouse override please")))
	s.waitFor(t, "refused")
	e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("sec-alice", "/gatehouse override incident 12")))
	s.waitFor(t, "incident 12")
	s.mu.Lock()
	msgs := append([]string(nil), s.msgs...)
	s.mu.Unlock()
	for _, m := range msgs {
		if !strings.Contains(m, "octo-org/widgets") {
			t.Errorf("notification does not name the repository: %s", m)
		}
	}
	n, err := audit.VerifyFile(auditFile)
	if err != nil {
		t.Fatalf("audit file does not verify: %v", err)
	}
	if n < 5 {
		t.Errorf("audit file has %d records", n)
	}
}
