package deps

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
)

const (
	baseSHA = "1111111111111111111111111111111111111111"
	headSHA = "2222222222222222222222222222222222222222"
)

// fakeSource serves file contents from memory and counts the calls.
type fakeSource struct {
	files map[string]map[string][]byte // ref → path → content
	calls atomic.Int64
}

func (s *fakeSource) FileAt(_ context.Context, ref, path string) ([]byte, bool, error) {
	s.calls.Add(1)
	b, ok := s.files[ref][path]
	return b, ok, nil
}

func (s *fakeSource) CommitFiles(context.Context, string) ([]checks.File, error) { return nil, nil }
func (s *fakeSource) Blob(context.Context, string) ([]byte, error)               { return nil, nil }
func (s *fakeSource) Sizes(context.Context, string) (map[string]int64, error)    { return nil, nil }

func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return out
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// caseChangeSet builds a change set from testdata/cases/NAME/{base,head}: the
// files that differ between the two trees are the pull request's diff.
func caseChangeSet(t testing.TB, name string) (*checks.ChangeSet, *fakeSource) {
	t.Helper()
	base := readTree(t, filepath.Join("testdata", "cases", name, "base"))
	head := readTree(t, filepath.Join("testdata", "cases", name, "head"))
	return changeSetOf(base, head)
}

func changeSetOf(base, head map[string][]byte) (*checks.ChangeSet, *fakeSource) {
	src := &fakeSource{files: map[string]map[string][]byte{baseSHA: base, headSHA: head}}
	cs := &checks.ChangeSet{Repo: "acme/app", Number: 7, BaseSHA: baseSHA, HeadSHA: headSHA, Source: src}
	var paths []string
	for p := range base {
		paths = append(paths, p)
	}
	for p := range head {
		if _, ok := base[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		b, inBase := base[p]
		h, inHead := head[p]
		switch {
		case !inBase:
			cs.Files = append(cs.Files, checks.File{Path: p, Status: "added"})
		case !inHead:
			cs.Files = append(cs.Files, checks.File{Path: p, Status: "removed"})
		case !bytes.Equal(b, h):
			cs.Files = append(cs.Files, checks.File{Path: p, Status: "modified"})
		}
	}
	return cs, src
}

// fakeOSV is an OSV API on loopback that matches querybatch queries against
// real OSV records with the package's own matcher.
type fakeOSV struct {
	srv      *httptest.Server
	vulns    map[string]*osv.Vuln
	raw      map[string][]byte
	pageSize int // >0: at most this many ids per query result, then a page token
	fail     atomic.Bool
	batches  atomic.Int64
	gets     atomic.Int64
	queries  atomic.Int64
	mu       sync.Mutex
	all      []*osv.Vuln
}

func loopback(t testing.TB, h http.Handler) *httptest.Server {
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

func loadRecords(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(e.Name(), ".json")] = b
	}
	return out
}

func newFakeOSV(t testing.TB, records map[string][]byte) *fakeOSV {
	f := &fakeOSV{vulns: make(map[string]*osv.Vuln), raw: records}
	for id, b := range records {
		var v osv.Vuln
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		f.vulns[id] = &v
		f.all = append(f.all, &v)
	}
	sort.Slice(f.all, func(i, j int) bool { return f.all[i].ID < f.all[j].ID })
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/querybatch", f.querybatch)
	mux.HandleFunc("GET /v1/vulns/{id}", f.vuln)
	f.srv = loopback(t, mux)
	return f
}

func (f *fakeOSV) querybatch(w http.ResponseWriter, r *http.Request) {
	f.batches.Add(1)
	if f.fail.Load() {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	var req struct {
		Queries []struct {
			Package struct {
				Name      string `json:"name"`
				Ecosystem string `json:"ecosystem"`
			} `json:"package"`
			Version   string `json:"version"`
			PageToken string `json:"page_token"`
		} `json:"queries"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Queries) > osv.BatchSize {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	f.queries.Add(int64(len(req.Queries)))
	type vulnRef struct {
		ID       string `json:"id"`
		Modified string `json:"modified"`
	}
	type result struct {
		Vulns         []vulnRef `json:"vulns,omitempty"`
		NextPageToken string    `json:"next_page_token,omitempty"`
	}
	resp := struct {
		Results []result `json:"results"`
	}{Results: make([]result, len(req.Queries))}
	for i, q := range req.Queries {
		var hits []vulnRef
		for _, v := range f.all {
			if ok, _ := osv.Match(v, q.Package.Ecosystem, q.Package.Name, q.Version); ok {
				hits = append(hits, vulnRef{ID: v.ID, Modified: v.Modified})
			}
		}
		start, _ := strconv.Atoi(q.PageToken)
		if start > len(hits) {
			start = len(hits)
		}
		hits = hits[start:]
		if f.pageSize > 0 && len(hits) > f.pageSize {
			resp.Results[i].NextPageToken = strconv.Itoa(start + f.pageSize)
			hits = hits[:f.pageSize]
		}
		resp.Results[i].Vulns = hits
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

func (f *fakeOSV) vuln(w http.ResponseWriter, r *http.Request) {
	f.gets.Add(1)
	if f.fail.Load() {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	b, ok := f.raw[r.PathValue("id")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// fakeDepsDev serves licences by "SYSTEM/name/version"; unknown versions are 404.
type fakeDepsDev struct {
	srv      *httptest.Server
	licenses map[string][]string
	calls    atomic.Int64
	fail     atomic.Bool
}

func newFakeDepsDev(t testing.TB, licenses map[string][]string) *fakeDepsDev {
	f := &fakeDepsDev{licenses: licenses}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v3/systems/{system}/packages/{name}/versions/{version}", func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if f.fail.Load() {
			http.Error(w, "unavailable", http.StatusBadGateway)
			return
		}
		l, ok := f.licenses[r.PathValue("system")+"/"+r.PathValue("name")+"/"+r.PathValue("version")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"licenses": l})
	})
	f.srv = loopback(t, mux)
	return f
}

func writeFile(p string, b []byte) error { return os.WriteFile(p, b, 0o644) }
