package secrets

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// The benchmark corpus: a pull request of generated source files, built
// deterministically at benchmark time (never committed), with secrets of many
// kinds and decoys planted on known lines of the added part.

// plantKind is one kind of planted secret: its rule and a line holding it.
type plantKind struct {
	rule string
	make func(g *gen) (secret, line string)
}

var plantKinds = []plantKind{
	{"aws-access-token", func(g *gen) (string, string) { s := g.awsKeyID(); return s, `	AccessKeyID: "` + s + `",` }},
	{"github-pat", func(g *gen) (string, string) { s := g.githubClassic(); return s, "export GITHUB_TOKEN=" + s }},
	{"github-fine-grained-pat", func(g *gen) (string, string) { s := g.githubFineGrained(); return s, "  token: " + s }},
	{"slack-bot-token", func(g *gen) (string, string) { s := g.slackBot(); return s, "client = WebClient(token='" + s + "')" }},
	{"stripe-access-token", func(g *gen) (string, string) { s := g.stripe(); return s, `const stripeKey = "` + s + `";` }},
	{"gcp-api-key", func(g *gen) (string, string) { s := g.googleAPI(); return s, `  "apiKey": "` + s + `",` }},
	{"gitlab-pat", func(g *gen) (string, string) { s := g.gitlab(); return s, "GITLAB_TOKEN: " + s }},
	{"npm-access-token", func(g *gen) (string, string) {
		s := g.npm()
		return s, "//registry.npmjs.org/:_authToken=" + s
	}},
	{"shopify-access-token", func(g *gen) (string, string) { s := g.shopify(); return s, `shop.token = "` + s + `"` }},
	{"digitalocean-pat", func(g *gen) (string, string) { s := g.digitalOcean(); return s, `do_token = "` + s + `"` }},
	{"linear-api-key", func(g *gen) (string, string) { s := g.linear(); return s, `LINEAR_KEY="` + s + `"` }},
	{"postman-api-token", func(g *gen) (string, string) { s := g.postman(); return s, `postman: ` + s }},
	{"sendgrid-api-token", func(g *gen) (string, string) { s := g.sendgrid(); return s, `SENDGRID_API_KEY="` + s + `"` }},
	{"doppler-api-token", func(g *gen) (string, string) { s := g.doppler(); return s, `DOPPLER_TOKEN=` + s }},
	{"jwt", func(g *gen) (string, string) { s := g.jwt(); return s, `Authorization: "Bearer ` + s + `"` }},
	{ruleURLCredentials, func(g *gen) (string, string) {
		s := g.password()
		return s, `DATABASE_URL = "postgres://svc_app:` + s + `@db-main.internal:5432/app"`
	}},
	{rulePasswordAssignment, func(g *gen) (string, string) { s := g.password(); return s, `db_password = "` + s + `"` }},
	{"private-key", func(g *gen) (string, string) { s := g.openSSHKey(); return s, s }},
}

// decoy lines look like secrets and are not.
var decoyKinds = []func(g *gen) string{
	func(g *gen) string { return `aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"` },
	func(g *gen) string { return `aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"` },
	func(g *gen) string { return "checksum: sha256:" + g.sha256Hex() },
	func(g *gen) string { return "  commit: " + g.sha1Hex() },
	func(g *gen) string { return `  "id": "` + g.uuid() + `",` },
	func(g *gen) string { return `      "integrity": "` + g.integrity() + `",` },
	func(g *gen) string { return g.goSumLine() },
	func(g *gen) string { return `password = ""` },
	func(g *gen) string { return `  password: ${DB_PASSWORD}` },
	func(g *gen) string { return `url: "postgres://user:password@localhost:5432/app"` },
}

// planted is a secret or decoy placed on a known line.
type planted struct {
	path, rule, secret string
	line               int
}

// corpus is a generated pull request.
type corpus struct {
	files   []checks.File
	heads   [][]byte // each file's head content
	secrets []planted
	decoys  []planted
	bytes   int64 // head content, what a whole-file scanner reads
	added   int64 // added lines, what this engine reads
}

var extensions = []string{"go", "js", "py", "yml", "json", "md", "java", "ts", "rb", "sh"}

// Filler lines look like code. Real code has few lines holding one of
// gitleaks' rule keywords (measured on Go and Python sources: 6-10%), so the
// words that do (key, token, auth, api, secret, password, access, "ey")
// are drawn rarely, which gives about the same share of keyword lines.
var (
	neutralWords = []string{"user", "config", "value", "client", "request", "response", "handler", "cache",
		"item", "list", "data", "index", "result", "error", "context", "server", "session", "buffer", "reader",
		"writer", "count", "name", "path", "file", "node", "tree", "order", "price", "total", "limit",
		"offset", "query", "filter", "event", "queue", "worker", "state", "model", "view", "route"}
	keywordWords = []string{"key", "token", "auth", "api", "secret", "password", "access", "they", "money"}
)

func (g *gen) fillerLine(ext string) string {
	w := func() string {
		if g.r.IntN(100) < 2 {
			return keywordWords[g.r.IntN(len(keywordWords))]
		}
		return neutralWords[g.r.IntN(len(neutralWords))]
	}
	switch g.r.IntN(8) {
	case 0:
		return fmt.Sprintf("\t%s%s := %s.%s(%s, %d)", w(), strings.ToUpper(w()[:1]), w(), upperFirst(w()), w(), g.r.IntN(1000))
	case 1:
		return fmt.Sprintf("// %s the %s %s before the %s is %s", w(), w(), w(), w(), w())
	case 2:
		return fmt.Sprintf("  %s_%s: %q", w(), w(), w()+"-"+w())
	case 3:
		return fmt.Sprintf("\tif err := %s.%s(ctx, %s); err != nil {", w(), upperFirst(w()), w())
	case 4:
		return fmt.Sprintf("    return %s.%s[%d] + %s", w(), w(), g.r.IntN(64), w())
	case 5:
		return fmt.Sprintf("  \"%s%s\": \"%s\",", w(), upperFirst(w()), g.str("abcdefghijklmnopqrstuvwxyz", 6+g.r.IntN(8)))
	case 6:
		return fmt.Sprintf("def %s_%s(self, %s=None):  # %s.%s", w(), w(), w(), ext, w())
	}
	return "}"
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// buildCorpus generates n files of about avg bytes each. Half are new files
// (every line added); half are modified, with about a third of their lines
// added in a few hunks. Every other file gets a secret, and every other file
// a decoy, on an added line.
func buildCorpus(seed uint64, n, avg int) *corpus {
	g := newGen(seed)
	c := &corpus{}
	for i := 0; i < n; i++ {
		ext := extensions[i%len(extensions)]
		path := fmt.Sprintf("svc%02d/pkg%03d/file%05d.%s", i%37, i%211, i, ext)
		var lines []string
		size := 0
		for size < avg {
			l := g.fillerLine(ext)
			lines = append(lines, l)
			size += len(l) + 1
		}
		// Which lines the diff adds: all of a new file, hunks of a modified one.
		isNew := i%2 == 0
		addedSet := make([]bool, len(lines))
		if isNew {
			for k := range addedSet {
				addedSet[k] = true
			}
		} else {
			for h := 0; h < 4; h++ {
				start := g.r.IntN(len(lines))
				for k := start; k < min(start+len(lines)/12, len(lines)); k++ {
					addedSet[k] = true
				}
			}
		}
		var addedIdx []int
		for k, a := range addedSet {
			if a {
				addedIdx = append(addedIdx, k)
			}
		}
		if len(addedIdx) == 0 {
			addedSet[0] = true
			addedIdx = []int{0}
		}
		// Plant on distinct added lines; a multi-line key replaces one line
		// with several, and lines are numbered after the expansion below.
		secretAt, decoyAt := -1, -1
		if i%2 == 0 {
			secretAt = addedIdx[g.r.IntN(len(addedIdx))]
		}
		if (i%2 == 1 || i%4 == 0) && len(addedIdx) > 1 {
			for decoyAt < 0 || decoyAt == secretAt {
				decoyAt = addedIdx[g.r.IntN(len(addedIdx))]
			}
		}
		var pl *planted
		if secretAt >= 0 {
			kind := plantKinds[(i/2)%len(plantKinds)]
			s, line := kind.make(g)
			lines[secretAt] = line
			pl = &planted{path: path, rule: kind.rule, secret: s}
		}
		var dl *planted
		if decoyAt >= 0 {
			lines[decoyAt] = decoyKinds[i%len(decoyKinds)](g)
			dl = &planted{path: path, rule: "decoy"}
		}
		// Expand multi-line plants and number the lines.
		f := checks.File{Path: path, Status: "modified", BlobSHA: sha(path)}
		if isNew {
			f.Status = "added"
		}
		var head strings.Builder
		no := 0
		for k, l := range lines {
			for _, part := range strings.Split(l, "\n") {
				no++
				if k == secretAt && pl.line == 0 {
					pl.line = no
				}
				if k == decoyAt && dl.line == 0 {
					dl.line = no
				}
				head.WriteString(part)
				head.WriteByte('\n')
				if addedSet[k] {
					f.Added = append(f.Added, checks.Line{No: no, Text: part})
					c.added += int64(len(part) + 1)
				}
			}
		}
		f.Additions = len(f.Added)
		if pl != nil {
			c.secrets = append(c.secrets, *pl)
		}
		if dl != nil {
			c.decoys = append(c.decoys, *dl)
		}
		c.files = append(c.files, f)
		c.heads = append(c.heads, []byte(head.String()))
		c.bytes += int64(head.Len())
	}
	return c
}

// changeSet is the corpus as a one-commit pull request.
func (c *corpus) changeSet() *checks.ChangeSet {
	src := newFakeSource()
	src.commits[sha("bench")] = c.files
	return &checks.ChangeSet{
		Repo: "acme/bench", Number: 1, Title: "Big change", HeadSHA: sha("bench"),
		Files: c.files, Commits: []checks.Commit{{SHA: sha("bench"), Message: "big change"}}, Source: src,
	}
}
