package config

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ByteSize is a size in bytes written in YAML as a number or with a unit
// ("512KB", "5MB", "1GB"; units are powers of 1024, as developers expect for files).
type ByteSize int64

// Size units.
const (
	KB ByteSize = 1 << 10
	MB ByteSize = 1 << 20
	GB ByteSize = 1 << 30
)

// UnmarshalYAML accepts a bare number of bytes or a number with a unit.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = v
	return nil
}

// MarshalYAML writes the size exactly, in the largest unit that divides it,
// so that a printed policy reads back as the same policy.
func (b ByteSize) MarshalYAML() (any, error) {
	switch {
	case b >= GB && b%GB == 0:
		return fmt.Sprintf("%dGB", b/GB), nil
	case b >= MB && b%MB == 0:
		return fmt.Sprintf("%dMB", b/MB), nil
	case b >= KB && b%KB == 0:
		return fmt.Sprintf("%dKB", b/KB), nil
	}
	return fmt.Sprintf("%dB", int64(b)), nil
}

// String renders the size for a person, as messages show it: "5 MB",
// "49.4 MB", "100 bytes" (one decimal at most; units of 1024, as parsed).
func (b ByteSize) String() string {
	for _, u := range []struct {
		unit ByteSize
		name string
	}{{GB, "GB"}, {MB, "MB"}, {KB, "KB"}} {
		if b >= u.unit {
			s := strconv.FormatFloat(float64(b)/float64(u.unit), 'f', 1, 64)
			return strings.TrimSuffix(s, ".0") + " " + u.name
		}
	}
	return fmt.Sprintf("%d bytes", int64(b))
}

// ParseByteSize parses "5MB", "512 KB", "100" (bytes).
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	unit := ByteSize(1)
	for _, u := range []struct {
		suffix string
		mult   ByteSize
	}{{"GIB", GB}, {"MIB", MB}, {"KIB", KB}, {"GB", GB}, {"MB", MB}, {"KB", KB}, {"G", GB}, {"M", MB}, {"K", KB}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, unit = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid size %q: want a positive number with an optional unit, e.g. 5MB", s)
	}
	if n > int64(1<<62)/int64(unit) {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return ByteSize(n) * unit, nil
}
