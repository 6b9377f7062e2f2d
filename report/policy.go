package report

import (
	"errors"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// PolicyProblems lists, for Input.PolicyProblems, what is wrong with the
// change's own edit of the policy file: each problem with its line when the
// file is invalid, else the one error under label, the file's name.
func PolicyProblems(pc *gate.PolicyChange, label string) []config.Problem {
	if pc == nil || pc.Err == nil {
		return nil
	}
	var inv *config.InvalidError
	if errors.As(pc.Err, &inv) {
		return inv.Problems
	}
	return []config.Problem{{File: label, Msg: pc.Err.Error()}}
}
