package config

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
)

// envKeyPattern is a shell variable name.
var envKeyPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ServerEnvKeys lists the environment variables the server reads, learnt by
// asking applyEnv itself, so that the list can never fall behind it.
func ServerEnvKeys() map[string]bool {
	keys := map[string]bool{}
	_ = DefaultServer().applyEnv(func(k string) string { keys[k] = true; return "" })
	return keys
}

// ReadEnvFile reads `serve --env-file FILE`: KEY=VALUE lines, as written by
// `gatehouse setup`. Blank lines and lines starting with # are skipped; an
// optional "export " prefix is allowed; a value is taken literally to the end
// of the line (no inline comments, no $VAR expansion), or quoted: '...' is
// literal, "..." understands \n, \r, \t, \" and \\ (a PEM key on one line).
// Only the variables the server reads are accepted, each once: a typo is an
// error naming the file and line, not a setting silently ignored.
//
// The file holds the App's private key, so it is refused when its mode lets
// group or others read or write it (chmod 600), as ssh refuses such keys.
func ReadEnvFile(path string) (map[string]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read the env file: %w", err)
	}
	if perm := st.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("refusing the env file %s: its mode %04o lets other users read it, and it holds the App's private key (chmod 600 %s)", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read the env file: %w", err)
	}
	known := ServerEnvKeys()
	vals := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		key = strings.TrimSpace(key)
		if !ok || !envKeyPattern.MatchString(key) {
			return nil, fmt.Errorf("%s line %d: expected KEY=VALUE", path, n)
		}
		if !known[key] {
			return nil, fmt.Errorf("%s line %d: %s is not a setting gatehouse serve reads (see the README's server configuration)", path, n, key)
		}
		if _, dup := vals[key]; dup {
			return nil, fmt.Errorf("%s line %d: %s is set twice", path, n, key)
		}
		v, err := unquoteEnv(strings.TrimSpace(val))
		if err != nil {
			// The value may be a secret: the error names the key, never the value.
			return nil, fmt.Errorf("%s line %d: the value of %s %w", path, n, key, err)
		}
		vals[key] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("failed to read the env file %s: %w", path, err)
	}
	return vals, nil
}

func unquoteEnv(v string) (string, error) {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return v, nil
	}
	q := v[0]
	if len(v) < 2 || v[len(v)-1] != q {
		return "", fmt.Errorf("has no closing %c on its line", q)
	}
	inner := v[1 : len(v)-1]
	if q == '\'' {
		if strings.ContainsRune(inner, '\'') {
			return "", fmt.Errorf("has a ' inside single quotes")
		}
		return inner, nil
	}
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if c == '"' {
			return "", fmt.Errorf(`has an unescaped " inside double quotes`)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i++; i == len(inner) {
			return "", fmt.Errorf("ends with a lone backslash")
		}
		switch inner[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '"', '\\':
			b.WriteByte(inner[i])
		default:
			return "", fmt.Errorf(`has an unknown escape \%c (use \n, \r, \t, \" or \\)`, inner[i])
		}
	}
	return b.String(), nil
}

// WithEnvFile layers an env file under the environment: a variable set
// (non-empty) in the real environment wins over the file, as the environment
// wins over --config.
func WithEnvFile(vals map[string]string, getenv func(string) string) func(string) string {
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return vals[k]
	}
}
