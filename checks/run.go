package checks

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/gatehouse-sec/gatehouse/config"
)

// Outcome is one check's result, or the reason it could not decide.
type Outcome struct {
	Name   string
	Result *Result
	// Err is set when the check could not decide (GitHub or OSV unreachable,
	// a panic); the gate then fails closed.
	Err error
}

// RunAll runs every check concurrently on the same change set and returns their
// outcomes in the order given. A panicking check becomes an error outcome: one
// faulty engine must not take down the evaluation, let alone the server. The
// panic value is not echoed, since it may hold content from the change set.
func RunAll(ctx context.Context, cs *ChangeSet, p *config.Policy, all []Check) []Outcome {
	out := make([]Outcome, len(all))
	var wg sync.WaitGroup
	for i, c := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = runOne(ctx, cs, p, c)
		}()
	}
	wg.Wait()
	return out
}

func runOne(ctx context.Context, cs *ChangeSet, p *config.Policy, c Check) (o Outcome) {
	o.Name = c.Name()
	defer func() {
		if r := recover(); r != nil {
			o.Result = nil
			o.Err = &PanicError{Check: o.Name, Stack: debug.Stack()}
		}
	}()
	res, err := c.Run(ctx, cs, p)
	if err != nil {
		o.Err = fmt.Errorf("%s check failed: %w", o.Name, err)
		return o
	}
	if res == nil {
		o.Err = fmt.Errorf("%s check returned no result", o.Name)
		return o
	}
	SortFindings(res.Findings)
	o.Result = res
	return o
}

// PanicError reports a check that panicked. Its message names the check only;
// the stack is kept for the logs, where it carries code locations, not data.
type PanicError struct {
	Check string
	Stack []byte
}

func (e *PanicError) Error() string { return "internal error in the " + e.Check + " check" }
