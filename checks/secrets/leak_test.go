package secrets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestNothingEchoed plants secrets of every kind everywhere the engine looks
// (files, a deleted file, a blob, the title, description and commit
// messages; blocking and waived) and checks that no 12-character piece of
// any of them appears in the result or in the logs.
func TestNothingEchoed(t *testing.T) {
	g := newGen(14)
	rsaKey, ecKey := realKeys(t)
	var planted []string
	plant := func(s string) string { planted = append(planted, s); return s }

	var content strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&content, "aws_access_key_id = %s\n", plant(g.awsKeyID()))
		fmt.Fprintf(&content, "aws_secret_access_key = %s\n", plant(g.awsSecretKey()))
		fmt.Fprintf(&content, "GITHUB_TOKEN=%s\n", plant(g.githubClassic()))
		fmt.Fprintf(&content, "pat: %s\n", plant(g.githubFineGrained()))
		fmt.Fprintf(&content, "slack = '%s'\n", plant(g.slackBot()))
		fmt.Fprintf(&content, "stripe = \"%s\"\n", plant(g.stripe()))
		fmt.Fprintf(&content, "maps = \"%s\"\n", plant(g.googleAPI()))
		fmt.Fprintf(&content, "bearer = \"%s\"\n", plant(g.jwt()))
		fmt.Fprintf(&content, "db = \"mysql://svc:%s@db.prod:3306/x\"\n", plant(g.password()))
		fmt.Fprintf(&content, "password = \"%s\"\n", plant(g.password()))
		fmt.Fprintf(&content, "npm = %s\n", plant(g.npm()))
		fmt.Fprintf(&content, "gitlab = %s # gatehouse:allow\n", plant(g.gitlab()))
	}
	content.WriteString(plant(g.openSSHKey()) + "\n")
	body := strings.Join([]string{plant(rsaKey), plant(ecKey)}, "\n\n")

	src := newFakeSource()
	src.commits[sha("c1")] = []checks.File{added("app/secrets.env", content.String()), added("gone.txt", "token="+plant(g.githubClassic()))}
	src.commits[sha("c2")] = []checks.File{{Path: "gone.txt", Status: "removed"}, {Path: "keys.pem.txt", Status: "added", PatchMissing: true, BlobSHA: sha("blob")}}
	src.blobs[sha("blob")] = []byte(body)
	cs := &checks.ChangeSet{
		Title: "Rotate " + plant(g.stripe()),
		Body:  "Use " + plant(g.slackBot()) + "\nand " + plant(g.shopify()),
		Commits: []checks.Commit{
			{SHA: sha("c1"), Message: "add " + plant(g.digitalOcean())},
			{SHA: sha("c2"), Message: "key " + plant(g.linear())},
		},
		Files: []checks.File{
			added("app/secrets.env", content.String()),
			{Path: "keys.pem.txt", Status: "added", PatchMissing: true, BlobSHA: sha("blob")},
		},
		Source: src,
	}
	p := policy(func(s *config.Secrets) {
		s.Allow.Paths = config.MustGlobs("keys.pem.txt")
		s.Allow.Fingerprints = []string{Fingerprint("npm-access-token", planted[10])}
	})

	var logs bytes.Buffer
	res, err := run(t, newCheck(t), cs, p, &logs)
	if err != nil {
		t.Fatal(err)
	}
	// Guard against a vacuous pass: most of what was planted must be found.
	if len(res.Findings) < 40 || len(res.Blocking()) < 30 {
		t.Fatalf("only %d findings (%d blocking) for %d planted secrets", len(res.Findings), len(res.Blocking()), len(planted))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	haystacks := map[string]string{"result JSON": out.String(), "summary": res.Summary, "logs": logs.String()}
	for _, f := range res.Findings {
		haystacks["messages"] += f.Title + "\n" + f.Message + "\n"
	}
	if logs.Len() == 0 {
		t.Errorf("no log output captured: the test would not see a leak there")
	}
	for _, secret := range planted {
		for i := 0; i+12 <= len(secret); i++ {
			piece := secret[i : i+12]
			if strings.Contains(piece, "\n") || strings.Contains(piece, "-----") {
				continue // PEM framing, not key material
			}
			for name, h := range haystacks {
				if strings.Contains(h, piece) {
					t.Fatalf("%s holds %q, a piece of a planted secret", name, piece)
				}
			}
		}
	}
}
