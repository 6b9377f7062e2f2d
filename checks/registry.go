package checks

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/gatehouse-sec/gatehouse/config"
)

// Registration is everything Gatehouse knows about one check, declared in the
// check's own package and registered once (package checks/all lists them).
// From it come the check's run (gatehouse/<Name>), its place on the gate's
// summary (registration order), its .security.yml section and its part of
// the policy's JSON Schema.
type Registration struct {
	// Name is the check's name: in results, in its run gatehouse/<Name>, and
	// as its section's key in .security.yml. Lower-case letters, digits, _.
	Name string
	// Section is the check's part of .security.yml (config.NewSection), with
	// its defaults and validation; nil when the check has no settings.
	Section config.PolicySection
	// Schema is the JSON Schema of the section: an object that closes its
	// keys with "additionalProperties": false. Required with a Section.
	Schema json.RawMessage
	// New builds the check for a server or a local scan.
	New func(cfg *config.Server) (Check, error)
}

var registry struct {
	sync.RWMutex
	regs []Registration
}

// Register adds a check. A mistake in a registration is a programming error
// that every test run meets at start, so it panics.
func Register(r Registration) {
	if err := register(r); err != nil {
		panic("checks.Register: " + err.Error())
	}
}

func register(r Registration) error {
	registry.Lock()
	defer registry.Unlock()
	for _, prev := range registry.regs {
		if prev.Name == r.Name {
			return fmt.Errorf("the check %q is registered twice", r.Name)
		}
	}
	if r.New == nil {
		return fmt.Errorf("the check %q has no constructor (New)", r.Name)
	}
	switch {
	case r.Section == nil && r.Schema != nil:
		return fmt.Errorf("the check %q has a schema but no section", r.Name)
	case r.Section != nil:
		if r.Section.Name() != r.Name {
			return fmt.Errorf("the check %q registers the section %q: a check's section is named after it", r.Name, r.Section.Name())
		}
		var obj struct {
			Type       string          `json:"type"`
			Additional *bool           `json:"additionalProperties"`
			Properties json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(r.Schema, &obj); err != nil || obj.Type != "object" || obj.Additional == nil || *obj.Additional {
			return fmt.Errorf("the check %q needs a schema for its section: a JSON object schema with \"additionalProperties\": false", r.Name)
		}
		if err := config.RegisterSection(r.Section); err != nil {
			return err
		}
	}
	registry.regs = append(registry.regs, r)
	return nil
}

// Registered returns every registered check, in registration order: the
// order of the gate's summary.
func Registered() []Registration {
	registry.RLock()
	defer registry.RUnlock()
	return append([]Registration(nil), registry.regs...)
}

// Names returns the registered checks' names, in registration order.
func Names() []string {
	regs := Registered()
	out := make([]string, len(regs))
	for i, r := range regs {
		out[i] = r.Name
	}
	return out
}

// Build makes the checks of regs for a server or a local scan, in order.
func Build(cfg *config.Server, regs []Registration) ([]Check, error) {
	out := make([]Check, 0, len(regs))
	for _, r := range regs {
		c, err := r.New(cfg)
		if err != nil {
			return nil, fmt.Errorf("failed to build the %s check: %w", r.Name, err)
		}
		if c.Name() != r.Name {
			return nil, fmt.Errorf("the check registered as %q calls itself %q", r.Name, c.Name())
		}
		out = append(out, c)
	}
	return out, nil
}

// RunName is the check run a check's result is published as, gatehouse/<name>:
// the name users mark as required.
func RunName(check string) string { return "gatehouse/" + check }
