package deps

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
	"github.com/gatehouse-sec/gatehouse/config"
)

// target is a changed file the check reads.
type target struct {
	file checks.File
	kind manifest.Kind
}

// lockfilesOf are the lockfiles that make a package.json beside them redundant.
var npmLockfiles = []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"}

// selectFiles picks the changed manifests the policy covers. A package.json
// changed together with its lockfile is read only as the lockfile's
// companion; alone, it is diffed itself.
func selectFiles(files []checks.File, pol config.Dependencies) []target {
	touched := make(map[string]bool, len(files))
	for _, f := range files {
		touched[f.Path] = true
	}
	var out []target
	for _, f := range files {
		k, ok := manifest.Detect(f.Path)
		if !ok || !covered(f.Path, pol) {
			continue
		}
		if k == manifest.PackageJSON {
			redundant := false
			for _, l := range npmLockfiles {
				if touched[path.Join(path.Dir(f.Path), l)] {
					redundant = true
				}
			}
			if redundant {
				continue
			}
		}
		out = append(out, target{file: f, kind: k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file.Path < out[j].file.Path })
	return out
}

// covered applies dependencies.paths and dependencies.ignore_paths, by the
// policy's one glob rule (config.Glob).
func covered(p string, pol config.Dependencies) bool {
	if pol.IgnorePaths.Match(p) {
		return false
	}
	return len(pol.Paths) == 0 || pol.Paths.Match(p)
}

// unit is one manifest or lockfile compared between base and head.
type unit struct {
	path, basePath string
	kind           manifest.Kind
	base, head     []manifest.Package
	headErr        error
	baseErr        error
	changes        []*change
	baseDirect     map[string]bool
}

// loadUnits reads and parses every target at both commits.
func loadUnits(ctx context.Context, cs *checks.ChangeSet, targets []target) ([]*unit, error) {
	units := make([]*unit, len(targets))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, t := range targets {
		g.Go(func() error {
			u, err := loadUnit(gctx, cs, t)
			units[i] = u
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return units, nil
}

func loadUnit(ctx context.Context, cs *checks.ChangeSet, t target) (*unit, error) {
	u := &unit{path: t.file.Path, basePath: t.file.Path, kind: t.kind}
	if t.file.PreviousPath != "" {
		u.basePath = t.file.PreviousPath
	}
	read := func(ref, p string) ([]byte, bool, error) {
		b, found, err := cs.Source.FileAt(ctx, ref, p)
		if err != nil {
			return nil, false, fmt.Errorf("failed to read %s at %s: %w", p, checks.ShortSHA(ref), err)
		}
		return b, found, nil
	}
	parse := func(ref, p string) ([]manifest.Package, bool, error, error) {
		b, found, err := read(ref, p)
		if err != nil || !found {
			return nil, found, nil, err
		}
		if t.kind == manifest.PomXML {
			// Parents in the repository are read at the same commit; a
			// failed read fails the check, as the manifest's own would.
			var readErr error
			readAt := func(q string) ([]byte, bool, error) {
				b, found, err := read(ref, q)
				if err != nil {
					readErr = err
				}
				return b, found, err
			}
			pkgs, perr := safely(func() ([]manifest.Package, error) { return manifest.ParsePomTree(p, b, readAt) })
			if readErr != nil {
				return nil, true, nil, readErr
			}
			return pkgs, true, perr, nil
		}
		var comp []byte
		if c := t.kind.Companion(); c != "" && needsCompanion(t.kind, b) {
			comp, _, err = read(ref, path.Join(path.Dir(p), c))
			if err != nil {
				return nil, true, nil, err
			}
		}
		pkgs, perr := safely(func() ([]manifest.Package, error) { return manifest.Parse(t.kind, b, comp) })
		return pkgs, true, perr, nil
	}
	if !t.file.Removed() {
		pkgs, found, perr, err := parse(cs.HeadSHA, u.path)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, fmt.Errorf("failed to read %s at %s: not found", u.path, checks.ShortSHA(cs.HeadSHA))
		}
		u.head, u.headErr = pkgs, perr
	}
	if t.file.Status != "added" {
		pkgs, _, perr, err := parse(cs.BaseSHA, u.basePath)
		if err != nil {
			return nil, err
		}
		u.base, u.baseErr = pkgs, perr
	}
	return u, nil
}

// needsCompanion: package-lock v2/v3 say which packages are direct themselves.
func needsCompanion(k manifest.Kind, b []byte) bool {
	if k == manifest.PackageLock {
		return !bytes.Contains(b, []byte(`"packages"`))
	}
	return true
}

// safely turns a parser panic into an error: a lockfile must never crash
// the evaluation (the fuzz tests look for such panics; this is the backstop).
func safely(parse func() ([]manifest.Package, error)) (pkgs []manifest.Package, err error) {
	defer func() {
		if r := recover(); r != nil {
			pkgs, err = nil, fmt.Errorf("parser failed on this input: %v", r)
		}
	}()
	return parse()
}
