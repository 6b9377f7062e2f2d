package secrets

import (
	"fmt"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	glogging "github.com/zricethezav/gitleaks/v8/logging"
)

// gitleaks logs through a package-global zerolog logger on stderr, and at
// debug and trace level it writes the secret it is skipping. Nothing may reach
// a log but through our own zerolog.Ctx, so it is silenced before any of its
// code runs; package init is the one point guaranteed to come first and to run
// before any goroutine could read the variable.
func init() {
	glogging.Logger = zerolog.Nop()
}

// defaults are gitleaks' built-in rules and global value allow-list, loaded
// once per process: gitleaks' own loader goes through viper's global instance,
// which is neither repeatable (a second load drops allow-lists) nor safe for
// concurrent use.
var defaults struct {
	once      sync.Once
	rules     map[string]gconfig.Rule
	allowlist []*gconfig.Allowlist
	err       error
}

// loadDefaults returns gitleaks' default rules (content rules only) and its
// global allow-list without the path entries. The returned values are shared:
// callers copy the map before adding to it and never mutate a rule.
func loadDefaults() (map[string]gconfig.Rule, []*gconfig.Allowlist, error) {
	defaults.once.Do(func() {
		defaults.rules, defaults.allowlist, defaults.err = readDefaults()
	})
	return defaults.rules, defaults.allowlist, defaults.err
}

func readDefaults() (rules map[string]gconfig.Rule, allow []*gconfig.Allowlist, err error) {
	defer func() {
		// gitleaks compiles its regexes with MustCompile; its own embedded file
		// cannot be bad, but a panic here would take the server down.
		if r := recover(); r != nil {
			err = fmt.Errorf("failed to load gitleaks default rules: %v", r)
		}
	}()
	// A private viper instance: the global one may be in use elsewhere.
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(gconfig.DefaultConfig)); err != nil {
		return nil, nil, fmt.Errorf("failed to read gitleaks default rules: %w", err)
	}
	var vc gconfig.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, nil, fmt.Errorf("failed to decode gitleaks default rules: %w", err)
	}
	if vc.Extend.Path != "" || vc.Extend.UseDefault || vc.Extend.URL != "" {
		return nil, nil, fmt.Errorf("gitleaks default rules unexpectedly extend another config")
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, nil, fmt.Errorf("failed to build gitleaks default rules: %w", err)
	}
	rules = make(map[string]gconfig.Rule, len(cfg.Rules))
	for id, r := range cfg.Rules {
		if r.Regex == nil {
			continue // path-only rules are the DLP check's concern
		}
		rules[id] = r
	}
	for _, a := range cfg.Allowlists {
		// Keep what judges the value; drop the path entries (node_modules/,
		// vendor/, lockfiles, "gitleaks.toml"): see the package comment.
		if len(a.Regexes) == 0 && len(a.StopWords) == 0 {
			continue
		}
		kept := &gconfig.Allowlist{
			Description:    a.Description,
			MatchCondition: a.MatchCondition,
			RegexTarget:    a.RegexTarget,
			Regexes:        a.Regexes,
			StopWords:      a.StopWords,
		}
		if err := kept.Validate(); err != nil {
			return nil, nil, fmt.Errorf("failed to rebuild gitleaks global allow-list: %w", err)
		}
		allow = append(allow, kept)
	}
	return rules, allow, nil
}
