package githubtest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// commitEpoch is the author date of a server's first commit; later commits
// are a minute apart. Fixed dates make a test's commit SHAs the same on every run.
var commitEpoch = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)

// emptyTreeSHA is git's well-known id of the empty tree.
const emptyTreeSHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// objectStore holds git objects by their real git ids: blobs, trees and
// commits hash exactly as git hashes them, so SHAs look and behave like GitHub's.
type objectStore struct {
	blobs   map[string][]byte
	trees   map[string]*treeObj
	commits map[string]*commitObj
}

func newObjectStore() objectStore {
	return objectStore{
		blobs:   map[string][]byte{},
		trees:   map[string]*treeObj{emptyTreeSHA: {sha: emptyTreeSHA}},
		commits: map[string]*commitObj{},
	}
}

// treeEntry is one line of a git tree object.
type treeEntry struct {
	mode string // 100644 for files, 040000 for trees
	name string
	sha  string
	size int // blob size; 0 for trees
}

type treeObj struct {
	sha     string
	entries []treeEntry
}

// commitObj is a commit and the flat snapshot of its tree (path -> blob id),
// which is what diffs and contents lookups need.
type commitObj struct {
	sha     string
	tree    string
	parents []string
	message string
	author  string // login
	date    time.Time
	files   map[string]string
}

func gitHash(kind string, body []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", kind, len(body))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// BlobSHA is git's id of content: SHA-1 of "blob <len>\0<content>".
func BlobSHA(content []byte) string { return gitHash("blob", content) }

func (o *objectStore) putBlob(content []byte) string {
	sha := BlobSHA(content)
	if _, ok := o.blobs[sha]; !ok {
		o.blobs[sha] = append([]byte(nil), content...)
	}
	return sha
}

// putTree stores the tree objects of a flat snapshot and returns the root's id.
func (o *objectStore) putTree(files map[string]string) string {
	type dir struct {
		files map[string]string
		dirs  map[string]*dir
	}
	newDir := func() *dir { return &dir{files: map[string]string{}, dirs: map[string]*dir{}} }
	root := newDir()
	for p, sha := range files {
		d := root
		parts := strings.Split(p, "/")
		for _, seg := range parts[:len(parts)-1] {
			next, ok := d.dirs[seg]
			if !ok {
				next = newDir()
				d.dirs[seg] = next
			}
			d = next
		}
		d.files[parts[len(parts)-1]] = sha
	}
	var write func(d *dir) string
	write = func(d *dir) string {
		entries := make([]treeEntry, 0, len(d.files)+len(d.dirs))
		for name, sha := range d.files {
			entries = append(entries, treeEntry{mode: "100644", name: name, sha: sha, size: len(o.blobs[sha])})
		}
		for name, sub := range d.dirs {
			entries = append(entries, treeEntry{mode: "40000", name: name, sha: write(sub)})
		}
		// git orders tree entries by name, comparing a directory as "name/".
		sortKey := func(e treeEntry) string {
			if e.mode == "40000" {
				return e.name + "/"
			}
			return e.name
		}
		sort.Slice(entries, func(i, j int) bool { return sortKey(entries[i]) < sortKey(entries[j]) })
		var buf bytes.Buffer
		for _, e := range entries {
			raw, _ := hex.DecodeString(e.sha)
			fmt.Fprintf(&buf, "%s %s\x00", e.mode, e.name)
			buf.Write(raw)
		}
		sha := gitHash("tree", buf.Bytes())
		if _, ok := o.trees[sha]; !ok {
			o.trees[sha] = &treeObj{sha: sha, entries: entries}
		}
		return sha
	}
	return write(root)
}

// putCommit stores a commit of the snapshot files on top of parents.
func (o *objectStore) putCommit(files map[string]string, parents []string, message, author string, date time.Time) *commitObj {
	tree := o.putTree(files)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&buf, "parent %s\n", p)
	}
	ident := fmt.Sprintf("%s <%s> %d +0000", author, noreplyEmail(author), date.Unix())
	fmt.Fprintf(&buf, "author %s\ncommitter %s\n\n%s\n", ident, ident, message)
	c := &commitObj{
		sha:     gitHash("commit", buf.Bytes()),
		tree:    tree,
		parents: parents,
		message: message,
		author:  author,
		date:    date,
		files:   files,
	}
	o.commits[c.sha] = c
	return c
}

func noreplyEmail(login string) string { return login + "@users.noreply.github.com" }

// isBinary is git's test: a NUL byte in the first 8000 bytes.
func isBinary(b []byte) bool {
	if len(b) > 8000 {
		b = b[:8000]
	}
	return bytes.IndexByte(b, 0) >= 0
}

// ancestors is every commit reachable from sha, sha included.
func (o *objectStore) ancestors(sha string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{sha}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] {
			continue
		}
		seen[c] = true
		if obj, ok := o.commits[c]; ok {
			stack = append(stack, obj.parents...)
		}
	}
	return seen
}

// mergeBase is the best common ancestor of a and b: the first commit reached
// from b, breadth first, that a also reaches.
func (o *objectStore) mergeBase(a, b string) string {
	inA := o.ancestors(a)
	queue := []string{b}
	seen := map[string]bool{}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if seen[c] {
			continue
		}
		seen[c] = true
		if inA[c] {
			return c
		}
		if obj, ok := o.commits[c]; ok {
			queue = append(queue, obj.parents...)
		}
	}
	return ""
}

// commitsBetween lists the commits reachable from head and not from base,
// oldest first, like `git log --reverse base..head`.
func (o *objectStore) commitsBetween(base, head string) []*commitObj {
	exclude := map[string]bool{}
	if base != "" {
		exclude = o.ancestors(base)
	}
	var out []*commitObj
	for sha := range o.ancestors(head) {
		if !exclude[sha] {
			if c, ok := o.commits[sha]; ok {
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].date.Equal(out[j].date) {
			return out[i].date.Before(out[j].date)
		}
		return out[i].sha < out[j].sha
	})
	return out
}
