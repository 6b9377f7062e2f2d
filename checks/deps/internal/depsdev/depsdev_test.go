package depsdev

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func TestLicenses(t *testing.T) {
	var calls atomic.Int64
	var gotPaths []string
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		gotPaths = append(gotPaths, r.URL.EscapedPath())
		switch r.URL.EscapedPath() {
		case "/v3/systems/NPM/packages/@babel%2Fcore/versions/7.20.12":
			_, _ = w.Write([]byte(`{"versionKey":{},"licenses":["MIT"]}`))
		case "/v3/systems/MAVEN/packages/org.yaml:snakeyaml/versions/2.2":
			_, _ = w.Write([]byte(`{"licenses":["Apache-2.0","MIT"]}`))
		default:
			http.NotFound(w, r)
		}
	})
	c := New(srv.URL, srv.Client())
	ctx := context.Background()
	tests := []struct {
		eco, name, version string
		want               []string
		err                error
	}{
		{"npm", "@babel/core", "7.20.12", []string{"MIT"}, nil},
		{"Maven", "org.yaml:snakeyaml", "2.2", []string{"Apache-2.0", "MIT"}, nil},
		{"npm", "nope", "1.0.0", nil, ErrNotFound},
		{"Packagist", "acme/x", "1.0.0", nil, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.eco+" "+tt.name, func(t *testing.T) {
			for i := 0; i < 2; i++ { // the second answer comes from the cache
				got, err := c.Licenses(ctx, tt.eco, tt.name, tt.version)
				if !errors.Is(err, tt.err) || len(got) != len(tt.want) {
					t.Fatalf("Licenses = %v, %v; want %v, %v", got, err, tt.want, tt.err)
				}
				for j := range got {
					if got[j] != tt.want[j] {
						t.Errorf("licence %d = %q, want %q", j, got[j], tt.want[j])
					}
				}
			}
		})
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d calls, want 3 (one per known-system version, then cached): %v", n, gotPaths)
	}
}

func TestLicensesRetriesThenFails(t *testing.T) {
	var calls atomic.Int64
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	c := New(srv.URL, srv.Client())
	c.Backoff = time.Millisecond
	if _, err := c.Licenses(context.Background(), "npm", "x", "1.0.0"); err == nil || errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want an unreachable error", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d tries, want 2", n)
	}
}
