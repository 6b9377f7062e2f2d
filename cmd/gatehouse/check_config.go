package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/local"
)

const checkConfigUsage = `usage: gatehouse check-config [--print-effective] [FILE...]

Validates each policy FILE strictly, as the App does: unknown keys, wrong
types, invalid globs, regexes and SPDX licence ids are reported as
file:line:column, every problem of every file. With no FILE: .security.yml at
the top of the current git repository (git rev-parse --show-toplevel), or in
the current directory outside a repository. Flags may come before or after
the files.

--print-effective prints each valid policy with every default filled in,
then the built-in forbidden files and sensitive areas, which apply beneath
every policy (a policy adds to them; it cannot remove from them).

Exit status: 0 every file is valid; 1 a file is invalid; 2 a file cannot be
read, or a usage error.
`

// checkConfig validates policy files: exit 0 when all are valid, 1 when one
// is not, 2 when one cannot be read.
func checkConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check-config")
	effective := fs.Bool("print-effective", false, "print each policy after defaults, and the built-in lists beneath it")
	files, code, ok := parseCommand(fs, checkConfigUsage, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 {
		files = []string{defaultPolicyFile(context.Background())}
	}
	worst := 0
	for _, file := range files {
		p, code := checkPolicyFile(file, stderr)
		worst = max(worst, code)
		switch {
		case p == nil:
		case *effective:
			if err := printEffective(stdout, file, p); err != nil {
				fmt.Fprintln(stderr, "gatehouse check-config:", err)
				worst = 2
			}
		default:
			fmt.Fprintf(stdout, "%s: valid\n", file)
		}
	}
	if *effective && worst == 0 {
		if err := printBuiltins(stdout); err != nil {
			fmt.Fprintln(stderr, "gatehouse check-config:", err)
			return 2
		}
	}
	return worst
}

// defaultPolicyFile is the policy of the repository around the current
// directory, which is what a user in a subdirectory means.
func defaultPolicyFile(ctx context.Context) string {
	repo, err := local.Open(ctx, ".")
	if err != nil {
		return config.FileName
	}
	defer repo.Close()
	path := filepath.Join(repo.Root(), config.FileName)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil {
			return rel
		}
	}
	return path
}

// checkPolicyFile parses one file and reports its problems on stderr; the
// policy is nil when it is invalid (code 1) or unreadable (code 2).
func checkPolicyFile(file string, stderr io.Writer) (*config.Policy, int) {
	b, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse check-config:", err)
		return nil, 2
	}
	p, err := config.Parse(file, b)
	if err == nil {
		return p, 0
	}
	var inv *config.InvalidError
	if errors.As(err, &inv) {
		for _, pr := range inv.Problems {
			fmt.Fprintln(stderr, pr.String())
		}
	} else {
		fmt.Fprintln(stderr, err)
	}
	return nil, 1
}

func printEffective(w io.Writer, file string, p *config.Policy) error {
	out, err := yaml.Marshal(p)
	if err != nil {
		return fmt.Errorf("failed to print the policy of %s: %w", file, err)
	}
	fmt.Fprintf(w, "# %s with every default filled in\n", file)
	_, err = w.Write(out)
	return err
}

// builtinList is how --print-effective shows the lists every policy extends.
type builtinList struct {
	Forbidden []builtinForbidden     `yaml:"forbidden_files"`
	Sensitive []config.SensitiveArea `yaml:"sensitive_areas"`
}

type builtinForbidden struct {
	Glob string `yaml:"glob"`
	// OnlyIfContains mirrors ForbiddenRule.ContentMarker in the user's words.
	OnlyIfContains string   `yaml:"only_if_content_has,omitempty"`
	Except         []string `yaml:"except,omitempty"`
	Reason         string   `yaml:"reason"`
}

func printBuiltins(w io.Writer) error {
	l := builtinList{Sensitive: config.BuiltinSensitive}
	for _, r := range config.BuiltinForbidden {
		l.Forbidden = append(l.Forbidden, builtinForbidden{Glob: r.Glob, OnlyIfContains: r.ContentMarker, Except: r.Except, Reason: r.Reason})
	}
	out, err := yaml.Marshal(l)
	if err != nil {
		return fmt.Errorf("failed to print the built-in lists: %w", err)
	}
	fmt.Fprint(w, "---\n# built in: these apply beneath every policy, whose dlp.forbidden and dlp.sensitive add to them\n")
	_, err = w.Write(out)
	return err
}
