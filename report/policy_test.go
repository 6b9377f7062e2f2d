package report_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/report"
)

// TestPolicyProblems: a broken policy edit reaches the report with its
// lines, and any other failure to read it under the file's name.
func TestPolicyProblems(t *testing.T) {
	lined := []config.Problem{{File: ".security.yml", Line: 3, Column: 2, Key: "dlp.forbidden", Msg: "not a glob"}}
	tests := []struct {
		name string
		pc   *gate.PolicyChange
		want []config.Problem
	}{
		{"no policy edit", nil, nil},
		{"a valid edit", &gate.PolicyChange{Path: ".security.yml"}, nil},
		{"an invalid edit keeps its lines", &gate.PolicyChange{Err: fmt.Errorf("wrapped: %w", &config.InvalidError{File: ".security.yml", Problems: lined})}, lined},
		{"another error under the file's name", &gate.PolicyChange{Err: errors.New("cannot read it")},
			[]config.Problem{{File: ".security.yml at feature", Msg: "cannot read it"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := report.PolicyProblems(tt.pc, ".security.yml at feature"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
