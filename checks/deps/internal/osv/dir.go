package osv

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// maxRecord bounds one advisory record's size.
const maxRecord = 16 << 20

// Dir is a local advisory database: OSV JSON records anywhere under a
// directory, and OSV's per-ecosystem all.zip exports. Versions are matched
// here with the ecosystems' own ordering.
type Dir struct {
	fsys fs.FS
	name string
	once sync.Once
	err  error
	// index maps "ecosystem\x00normalised name" to the records naming it.
	index map[string][]*Vuln
}

// NewDir returns the database held in directory dir, loaded on first use.
func NewDir(dir string) *Dir { return &Dir{fsys: os.DirFS(dir), name: dir} }

// NewFS returns the database held in fsys (tests, embedded sets).
func NewFS(fsys fs.FS, name string) *Dir { return &Dir{fsys: fsys, name: name} }

// Query implements Advisories.
func (d *Dir) Query(ctx context.Context, qs []Query) ([][]*Vuln, error) {
	d.once.Do(d.load)
	if d.err != nil {
		return nil, d.err
	}
	out := make([][]*Vuln, len(qs))
	for i, q := range qs {
		if i%1000 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, v := range d.index[key(q.Ecosystem, q.Name)] {
			if hit, _ := Match(v, q.Ecosystem, q.Name, q.Version); hit {
				out[i] = append(out[i], v)
			}
		}
	}
	return out, nil
}

func key(eco, name string) string { return eco + "\x00" + NormalizeName(eco, name) }

func (d *Dir) load() {
	d.index = make(map[string][]*Vuln)
	count := 0
	err := fs.WalkDir(d.fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		switch strings.ToLower(path.Ext(p)) {
		case ".json":
			b, err := readLimited(d.fsys, p)
			if err != nil {
				return err
			}
			if err := d.add(p, b); err != nil {
				return err
			}
			count++
		case ".zip":
			n, err := d.loadZip(p)
			if err != nil {
				return err
			}
			count += n
		}
		return nil
	})
	if err == nil && count == 0 {
		err = fmt.Errorf("no OSV records found")
	}
	if err != nil {
		d.err = fmt.Errorf("failed to load advisories from %s: %w", d.name, err)
	}
}

func readLimited(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxRecord))
}

func (d *Dir) loadZip(p string) (int, error) {
	f, err := d.fsys.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	st, serr := f.Stat()
	if !ok || serr != nil {
		return 0, fmt.Errorf("%s: cannot read the archive", p)
	}
	zr, err := zip.NewReader(ra, st.Size())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", p, err)
	}
	n := 0
	for _, zf := range zr.File {
		if !strings.HasSuffix(strings.ToLower(zf.Name), ".json") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return n, fmt.Errorf("%s: %s: %w", p, zf.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, maxRecord))
		rc.Close()
		if err != nil {
			return n, fmt.Errorf("%s: %s: %w", p, zf.Name, err)
		}
		if err := d.add(p+":"+zf.Name, b); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (d *Dir) add(name string, b []byte) error {
	var v Vuln
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("%s: invalid OSV record: %w", name, err)
	}
	if v.ID == "" {
		return fmt.Errorf("%s: OSV record without id", name)
	}
	seen := make(map[string]bool)
	for _, a := range v.Affected {
		eco := a.Package.Ecosystem
		if i := strings.IndexByte(eco, ':'); i >= 0 {
			eco = eco[:i]
		}
		k := key(eco, a.Package.Name)
		if !seen[k] {
			seen[k] = true
			d.index[k] = append(d.index[k], &v)
		}
	}
	return nil
}
