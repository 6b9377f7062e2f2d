package evaluation

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/checkstest"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestAssessPolicyChange: a change's own edit of .security.yml never governs
// it but is validated, for the App and the CLI alike: removed, invalid (named
// as the head's version), valid, unreadable, or the very file that governs.
func TestAssessPolicyChange(t *testing.T) {
	const head = "1234567890abcdef"
	edited := checks.File{Path: config.FileName, Status: "modified"}
	cases := []struct {
		name      string
		file      *checks.File
		content   string // at head; "" = absent
		fromHead  bool
		headLabel string
		removed   bool
		invalid   string // a fragment of the validation error; "" = valid or no change
		err       string // a fragment of Assess's error
	}{
		{name: "no edit"},
		{name: "removed", file: &checks.File{Path: config.FileName, Status: "removed"}, removed: true},
		{name: "renamed away", file: &checks.File{Path: "old.yml", PreviousPath: config.FileName, Status: "renamed"}, removed: true},
		{name: "valid edit", file: &edited, content: "version: 1\n"},
		{name: "invalid edit", file: &edited, content: "version: 1\nnope: 1\n", invalid: config.FileName + " (head 1234567)"},
		{name: "invalid staged edit", file: &edited, content: "version: 1\nnope: 1\n", headLabel: "staged", invalid: config.FileName + " (staged)"},
		{name: "the governing file is not validated twice", file: &edited, content: "version: 1\nnope: 1\n", fromHead: true},
		{name: "unreadable at head", file: &edited, err: "cannot be read at its head"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := checkstest.New()
			cs := &checks.ChangeSet{HeadSHA: head, Source: src, Limits: []string{"too big"}}
			if c.file != nil {
				cs.Files = []checks.File{*c.file}
			}
			if c.content != "" {
				src.Put(head, config.FileName, c.content)
			}
			p := config.Default()
			in, err := Assess(context.Background(), Change{Set: cs, Policy: p, PolicySource: "defaults", PolicyFromHead: c.fromHead, HeadLabel: c.headLabel}, nil)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error = %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.PolicySource != "defaults" || len(in.Limits) != 1 || in.Approvals.Required != p.InfoSec.RequiredApprovals {
				t.Errorf("gate input lost the policy's facts: %+v", in)
			}
			pc := in.PolicyChange
			if got := pc != nil && pc.Removed; got != c.removed {
				t.Errorf("removed = %v, want %v", got, c.removed)
			}
			switch {
			case c.invalid == "" && pc != nil && pc.Err != nil:
				t.Errorf("unexpected validation error: %v", pc.Err)
			case c.invalid != "" && (pc == nil || pc.Err == nil || !strings.Contains(pc.Err.Error(), c.invalid)):
				t.Errorf("validation error = %+v, want one naming %q", pc, c.invalid)
			}
		})
	}
}
