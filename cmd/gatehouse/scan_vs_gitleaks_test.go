package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	mrand "math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks/secrets"
	"github.com/zricethezav/gitleaks/v8/cmd/scm"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/sources"
)

// tokens makes provider-shaped values at run time, so that this repository
// holds no credential-shaped literal.
type tokens struct{ r *mrand.Rand }

func (g tokens) str(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	alnum62 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	digits  = "0123456789"
	b32up   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
)

func (g tokens) github() string { return "gh" + "p_" + g.str(alnum62, 36) }
func (g tokens) aws() string    { return "AK" + "IA" + g.str(b32up, 16) }
func (g tokens) slack() string {
	return "xo" + "xb-" + g.str(digits, 12) + "-" + g.str(digits, 13) + "-" + g.str(alnum62, 24)
}
func (g tokens) stripe() string { return "sk" + "_live_" + g.str(alnum62, 24) }
func (g tokens) gitlab() string { return "gl" + "pat-" + g.str(alnum62, 20) }

func ecKey(t *testing.T) string {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC " + "PRIVATE KEY", Bytes: der}))
}

// TestScanAgreesWithGitleaksOnAHistory builds a history with the shapes real
// repositories have (secrets added, deleted, renamed, marked afterwards,
// private keys, vendored code, filler commits), runs `gatehouse scan --all`
// and gitleaks' own git scan on it, and compares the secrets each reports.
// The documented differences, and only they, may separate the two:
//   - Gatehouse scans vendored paths, which gitleaks' default allow-list skips;
//   - Gatehouse's own rules (password-assignment, url-credentials) are not
//     gitleaks';
//   - both honour inline markers, but Gatehouse lists what they waive.
func TestScanAgreesWithGitleaksOnAHistory(t *testing.T) {
	withSecrets(t)
	g := tokens{mrand.New(mrand.NewPCG(20, 26))}
	repo := feature(t, nil)
	gh, aws, slack, stripe, gitlab, gh2 := g.github(), g.aws(), g.slack(), g.stripe(), g.gitlab(), g.github()
	key := ecKey(t)
	carried, evil := g.github(), g.github()
	filler := func(n int) {
		for i := range n {
			repo.Write("CHANGELOG.md", fmt.Sprintf("# changes\n\n- release %d\n", i)).Commit(fmt.Sprintf("release %d", i))
		}
	}
	repo.Write("config/app.env", "APP=demo\nGITHUB_TOKEN="+gh+"\nAWS_ACCESS_KEY_ID="+aws+"\n").Commit("add settings")
	filler(5)
	repo.Write("src/slack.py", "import os\n\nSLACK_BOT_TOKEN = \""+slack+"\"\n").Commit("notify on slack")
	repo.Remove("config/app.env").Commit("settings come from the environment")
	repo.Git("mv", "src/slack.py", "src/notify_slack.py")
	repo.Commit("rename")
	filler(5)
	repo.Write("deploy/server.pem", key).Commit("add the server key")
	repo.Write("src/pay.go", "package pay\n\nconst key = \""+stripe+"\"\n").Commit("payments")
	repo.Write("src/pay.go", "package pay\n\nconst key = \""+stripe+"\" // gitleaks:allow\n").Commit("waive it afterwards")
	repo.Write("src/ci.go", "package ci\n\nconst token = \""+gh2+"\" // gitleaks:allow\n").Commit("marked from the start")
	repo.Write("node_modules/lib/index.js", "module.exports = { token: '"+gitlab+"' };\n").Commit("vendor a library")
	repo.Write("docs/setup.md", "Set `db_password = \"Xk9#mQ2$vL7!pR4w\"` in the file.\n").Commit("document the setup")
	// A branch's token that a merge carries over, and one that a merge's
	// own resolution writes (an "evil merge").
	repo.Git("checkout", "-q", "-b", "side")
	repo.Write("src/side.py", "TOKEN = \""+carried+"\"\n").Commit("side token")
	repo.Git("checkout", "-q", "feature")
	filler(2)
	repo.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	repo.Git("checkout", "-q", "-b", "side2")
	repo.Write("src/side2.py", "X = 1\n").Commit("side2")
	repo.Git("checkout", "-q", "feature")
	repo.Git("merge", "-q", "--no-ff", "--no-commit", "side2")
	repo.Write("src/side2.py", "X = 1\nTOKEN = \""+evil+"\"\n").Commit("merge side2")
	filler(5)

	r := runScanIn(t, repo.Dir, nil, "--all", "--offline", "--format", "json")
	if r.code != 1 {
		t.Fatalf("gatehouse exit %d, want 1\n%s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct {
			Check, RuleID, Fingerprint, Path, Waived string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("gatehouse json: %v", err)
	}
	ours := map[string]string{} // fingerprint → path
	for _, f := range doc.Findings {
		if f.Check == "secrets" && f.Waived == "" {
			ours[f.Fingerprint] = f.Path
		}
	}

	d, err := detect.NewDetectorDefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := sources.NewGitLogCmd(repo.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	found, err := d.DetectGit(cmd, detect.NewRemoteInfo(scm.NoPlatform, repo.Dir))
	if err != nil {
		t.Fatalf("gitleaks: %v", err)
	}
	theirs := map[string]string{}
	for _, f := range found {
		theirs[secrets.Fingerprint(f.RuleID, f.Secret)] = f.File
	}

	// What gitleaks reports, Gatehouse reports: no fewer true findings.
	for fp, path := range theirs {
		if _, ok := ours[fp]; !ok {
			t.Errorf("gitleaks reports %s at %s; gatehouse does not", fp, path)
		}
	}
	// And Gatehouse reports more only where the documented differences say.
	documented := map[string]string{
		secrets.Fingerprint("gitlab-pat", gitlab): "a vendored path gitleaks skips",
		secrets.Fingerprint("github-pat", evil):   "a merge's own line: gitleaks' git log shows merges no diff",
	}
	var extra []string
	for fp, path := range ours {
		if _, ok := theirs[fp]; ok {
			continue
		}
		if _, ok := documented[fp]; ok || strings.HasPrefix(fp, "password-assignment:") || strings.HasPrefix(fp, "url-credentials:") {
			continue
		}
		extra = append(extra, fp+" at "+path)
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("gatehouse reports what gitleaks does not, with no documented reason:\n%s", strings.Join(extra, "\n"))
	}
	for fp, why := range documented {
		if _, ok := ours[fp]; !ok {
			t.Errorf("gatehouse misses %s (%s)", fp, why)
		}
	}
	// GitHub, AWS, Slack and Stripe tokens, the private key and the merged
	// branch's token: the second GitHub token is marked from the start, the
	// GitLab one vendored, the last one only in a merge.
	if len(theirs) != 6 {
		t.Errorf("gitleaks found %d secrets, want the 6 this history leaks unmarked outside vendored code and merges", len(theirs))
	}
	// The renamed file is one finding at its new path.
	if p := ours[secrets.Fingerprint("slack-bot-token", slack)]; p != "src/notify_slack.py" {
		t.Errorf("the renamed Slack token is reported at %q, want src/notify_slack.py", p)
	}
	for _, s := range []string{gh, aws, slack, stripe, gitlab, gh2, carried, evil} {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Fatal("a secret value is in gatehouse's output")
		}
	}
}
