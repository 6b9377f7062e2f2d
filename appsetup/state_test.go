package appsetup_test

import (
	"errors"
	"testing"

	"github.com/gatehouse-sec/gatehouse/appsetup"
)

func TestStates(t *testing.T) {
	type step struct {
		use  string // "a", "b": an issued state; anything else literally
		want error
	}
	for _, tc := range []struct {
		name  string
		close bool
		steps []step
	}{
		{"single use", false, []step{{"a", nil}, {"a", appsetup.ErrStateUsed}}},
		{"each state once", false, []step{{"a", nil}, {"b", nil}, {"b", appsetup.ErrStateUsed}}},
		{"forged", false, []step{{"not-issued", appsetup.ErrStateUnknown}, {"a", nil}}},
		{"empty", false, []step{{"", appsetup.ErrStateUnknown}}},
		{"closed after a registration", true, []step{{"a", appsetup.ErrStateUsed}, {"b", appsetup.ErrStateUsed}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s appsetup.States
			issued := map[string]string{}
			for _, k := range []string{"a", "b"} {
				st, err := s.New()
				if err != nil {
					t.Fatal(err)
				}
				issued[k] = st
			}
			if issued["a"] == issued["b"] || len(issued["a"]) < 40 {
				t.Fatalf("states are not random: %q %q", issued["a"], issued["b"])
			}
			if tc.close {
				s.Close()
			}
			for i, st := range tc.steps {
				v, ok := issued[st.use]
				if !ok {
					v = st.use
				}
				if err := s.Check(v); !errors.Is(err, st.want) {
					t.Errorf("step %d: Check(%s) = %v, want %v", i, st.use, err, st.want)
				}
				if err := s.Use(v); !errors.Is(err, st.want) {
					t.Errorf("step %d: Use(%s) = %v, want %v", i, st.use, err, st.want)
				}
			}
		})
	}
}

// TestStatesBounded: reloading the page forever keeps a bounded number of
// states; the oldest stop working.
func TestStatesBounded(t *testing.T) {
	var s appsetup.States
	first, _ := s.New()
	var last string
	for range 100 {
		last, _ = s.New()
	}
	if err := s.Check(first); !errors.Is(err, appsetup.ErrStateUnknown) {
		t.Errorf("the first of 101 states still works: %v", err)
	}
	if err := s.Use(last); err != nil {
		t.Errorf("the newest state: %v", err)
	}
}
