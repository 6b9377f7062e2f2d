package deps

import "github.com/gatehouse-sec/gatehouse/checks/deps/denylist"

// ValidateDenyPattern reports whether s is a usable dependencies.deny_packages
// entry (see denylist.Validate; config validation may call that directly, as
// this package imports config).
func ValidateDenyPattern(s string) error { return denylist.Validate(s) }
