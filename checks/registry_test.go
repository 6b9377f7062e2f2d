package checks_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

type named string

func (n named) Name() string { return string(n) }
func (n named) Run(context.Context, *checks.ChangeSet, *config.Policy) (*checks.Result, error) {
	return &checks.Result{Check: string(n), Conclusion: checks.Success}, nil
}

type onOff struct {
	Enabled bool `yaml:"enabled"`
}

const onOffSchema = `{"type": "object", "additionalProperties": false, "properties": {"enabled": {"type": "boolean"}}}`

func registration(name string) checks.Registration {
	return checks.Registration{
		Name:    name,
		Section: config.NewSection(name, func() onOff { return onOff{Enabled: true} }, nil),
		Schema:  json.RawMessage(onOffSchema),
		New:     func(*config.Server) (checks.Check, error) { return named(name), nil },
	}
}

func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
		}
	}()
	f()
	return ""
}

func TestRegisterRefusesAnIncompleteCheck(t *testing.T) {
	checks.Register(registration("reg_taken"))
	cases := []struct {
		name string
		edit func(*checks.Registration)
		want string
	}{
		{"a taken name", func(r *checks.Registration) { r.Name, r.Section = "reg_taken", nil }, `"reg_taken" is registered twice`},
		{"no constructor", func(r *checks.Registration) { r.New = nil }, "has no constructor"},
		{"a section of another name", func(r *checks.Registration) { r.Section = registration("reg_other").Section }, `registers the section "reg_other"`},
		{"a section without a schema", func(r *checks.Registration) { r.Schema = nil }, "needs a schema for its section"},
		{"a schema that leaves keys open", func(r *checks.Registration) { r.Schema = json.RawMessage(`{"type": "object"}`) }, "needs a schema for its section"},
		{"a schema but no section", func(r *checks.Registration) { r.Section = nil }, "has a schema but no section"},
		{"a section named like the policy's own key", func(r *checks.Registration) { *r = registration("infosec") }, "shadow the policy's own key"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := registration("reg_case" + string(rune('a'+i)))
			c.edit(&r)
			if got := panicOf(func() { checks.Register(r) }); !strings.Contains(got, c.want) {
				t.Errorf("Register panicked with %q, want %q", got, c.want)
			}
		})
	}
}

func TestBuildMakesRegisteredChecksInOrder(t *testing.T) {
	regs := []checks.Registration{registration("build_b"), registration("build_a")}
	for _, r := range regs {
		checks.Register(r)
	}
	got, err := checks.Build(config.DefaultServer(), regs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name() != "build_b" || got[1].Name() != "build_a" {
		t.Errorf("Build = %v, want build_b then build_a", got)
	}
	names := checks.Names()
	if i, j := indexOf(names, "build_b"), indexOf(names, "build_a"); i < 0 || j != i+1 {
		t.Errorf("Names() = %v: registration order lost", names)
	}
	liar := registration("build_liar")
	liar.New = func(*config.Server) (checks.Check, error) { return named("secrets"), nil }
	if _, err := checks.Build(config.DefaultServer(), []checks.Registration{liar}); err == nil || !strings.Contains(err.Error(), `calls itself "secrets"`) {
		t.Errorf("Build of a check naming itself otherwise: %v", err)
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}
