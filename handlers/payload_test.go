package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/palantir/go-githubapp/githubapp"
)

// A delivery that lacks the object its event is about is answered with an
// error that says so, not a panic: River would retry a panicking job until
// it gave up, with nothing to tell why.
func TestPayloadsWithoutTheirObjectAreRefusedWithoutAPanic(t *testing.T) {
	base := &Base{}
	tests := []struct {
		name    string
		handler githubapp.EventHandler
		event   string
		payload string
		wantErr string // "" when the delivery is rightly ignored
	}{
		{"a comment without its issue", &IssueComment{Base: base}, "issue_comment", `{"action":"created","installation":{"id":1}}`, ""},
		{"a check suite event without its suite", &CheckSuite{Base: base}, "check_suite",
			`{"action":"rerequested","installation":{"id":1},"repository":{"name":"r","owner":{"login":"o"}}}`, "check_suite event has no check_suite"},
		{"a check run event without its run", &CheckRun{Base: base}, "check_run",
			`{"action":"rerequested","installation":{"id":1},"repository":{"name":"r","owner":{"login":"o"}}}`, "check_run event has no check_run"},
		{"not JSON", &CheckRun{Base: base}, "check_run", `{`, "failed to parse check_run event payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.handler.Handle(context.Background(), tt.event, "d1", []byte(tt.payload))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v, want the delivery ignored", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}
