package config

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"sync"
)

// PolicySection is one check's part of .security.yml: a top-level key named
// after the check, whose Go type declares the keys Parse accepts. Parse
// decodes every registered section strictly (unknown keys and wrong types are
// errors with file, line and column), starts from the section's defaults, and
// validates it. Only this package implements it: a check declares its section
// with NewSection.
type PolicySection interface {
	// Name is the section's key in .security.yml, which is the check's name.
	Name() string
	// Type is the Go type the section decodes into.
	Type() reflect.Type
	// inPolicy says the section is a field of Policy (the three original
	// checks), decoded with it; other sections live in Policy.sections.
	inPolicy() bool
	fresh() any
	validate(p *Policy, add adder)
}

// adder records one problem at a full dotted key ("dlp.forbidden[0]").
type adder = func(key, format string, args ...any)

// Problems collects what is wrong with one section, for Parse to locate.
type Problems struct {
	section string
	add     adder
}

// Add reports a problem with the value at key, written below the section
// ("words[0]", "" for the section itself), as a message in the user's words.
func (ps Problems) Add(key, format string, args ...any) {
	full := ps.section
	if key != "" {
		if key[0] == '[' {
			full += key
		} else {
			full = join(full, key)
		}
	}
	ps.add(full, format, args...)
}

// Section is a check's own section, of Go type T (fields tagged `yaml:"…"`).
type Section[T any] struct {
	name     string
	defaults func() T
	check    func(*T, Problems)
}

// NewSection declares the section name (the check's name): defaults returns
// a new value holding its secure defaults, which keys the file sets replace;
// validate (nil: none) reports values YAML types cannot rule out. The section
// counts once it is registered (checks.Register does it).
func NewSection[T any](name string, defaults func() T, validate func(v *T, problems Problems)) *Section[T] {
	return &Section[T]{name: name, defaults: defaults, check: validate}
}

// Name implements PolicySection.
func (s *Section[T]) Name() string { return s.name }

// Type implements PolicySection.
func (s *Section[T]) Type() reflect.Type { return reflect.TypeFor[T]() }

// Of returns p's value of the section: as the file set it, over the defaults.
func (s *Section[T]) Of(p *Policy) *T {
	if v, ok := p.sections[s.name].(*T); ok {
		return v
	}
	return s.fresh().(*T)
}

func (s *Section[T]) inPolicy() bool { return false }

func (s *Section[T]) fresh() any {
	v := s.defaults()
	return &v
}

func (s *Section[T]) validate(p *Policy, add adder) {
	if s.check != nil {
		s.check(s.Of(p), Problems{section: s.name, add: add})
	}
}

// policyField is a section kept as a field of Policy, with its defaults in
// Default and its checks in validate.go.
type policyField struct {
	name  string
	typ   reflect.Type
	check func(p *Policy, add adder)
}

func (f *policyField) Name() string                  { return f.name }
func (f *policyField) Type() reflect.Type            { return f.typ }
func (f *policyField) inPolicy() bool                { return true }
func (f *policyField) fresh() any                    { return nil }
func (f *policyField) validate(p *Policy, add adder) { f.check(p, add) }

// The sections of the secrets, dependencies and DLP checks, which their
// registrations name.
var (
	SecretsSection      PolicySection = &policyField{"secrets", reflect.TypeFor[Secrets](), validateSecrets}
	DependenciesSection PolicySection = &policyField{"dependencies", reflect.TypeFor[Dependencies](), validateDependencies}
	DLPSection          PolicySection = &policyField{"dlp", reflect.TypeFor[DLP](), validateDLP}
)

var sectionNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

var registry = struct {
	sync.RWMutex
	byName map[string]PolicySection
	order  []PolicySection
}{byName: map[string]PolicySection{}}

func init() {
	for _, s := range []PolicySection{SecretsSection, DependenciesSection, DLPSection} {
		if err := RegisterSection(s); err != nil {
			panic(err)
		}
	}
}

// RegisterSection makes Parse accept, default and validate s. Registering
// the same section again does nothing; another section of a taken name, or a
// key the policy itself uses (version, infosec, override), is an error.
func RegisterSection(s PolicySection) error {
	registry.Lock()
	defer registry.Unlock()
	name := s.Name()
	if prev, ok := registry.byName[name]; ok {
		if prev == s {
			return nil
		}
		return fmt.Errorf("the policy section %q is registered twice", name)
	}
	if !sectionNameRe.MatchString(name) {
		return fmt.Errorf("the policy section %q needs a lower-case name (letters, digits, _)", name)
	}
	if _, taken := yamlFields(reflect.TypeFor[Policy]())[name]; taken && !s.inPolicy() {
		return fmt.Errorf("the policy section %q would shadow the policy's own key", name)
	}
	if s.Type().Kind() != reflect.Struct {
		return fmt.Errorf("the policy section %q must be a struct of yaml-tagged fields", name)
	}
	registry.byName[name] = s
	registry.order = append(registry.order, s)
	return nil
}

// Sections returns every registered section, in registration order.
func Sections() []PolicySection {
	registry.RLock()
	defer registry.RUnlock()
	return append([]PolicySection(nil), registry.order...)
}

// topLevelKeys maps each key a policy may have at its top level to its type.
func topLevelKeys() map[string]reflect.Type {
	keys := yamlFields(reflect.TypeFor[Policy]())
	for _, s := range Sections() {
		keys[s.Name()] = s.Type()
	}
	return keys
}

func sortedNames(m map[string]reflect.Type) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
