package githubio

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// TestCheckRuns: the runs of a head SHA are created once and reused by the
// next evaluation; a result goes out in batches of 50 annotations, the run
// completed only with the last; an unchanged result is not sent again; a
// changed result on a run with annotations goes on a new run, the latest of
// its name. Against the fake GitHub, which checks every request and
// response against GitHub's OpenAPI description.
func TestCheckRuns(t *testing.T) {
	gh := githubtest.New(t, githubtest.ValidateResponses())
	repo := gh.AddRepo("octo-org", "widgets")
	sha := repo.Commit("main", "first", "dev", map[string]*string{"a.txt": githubtest.Content("a\n")})
	var cfg githubapp.Config
	cfg.V3APIURL = gh.URL()
	cfg.App.IntegrationID = gh.AppID()
	cfg.App.PrivateKey = string(gh.PrivateKeyPEM())
	clients, err := githubapp.NewDefaultCachingClientCreator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	client, err := clients.NewInstallationClient(gh.InstallationID())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cache := NewProcessCache(1<<20, false)
	names := []string{"gatehouse", "gatehouse/secrets"}
	evaluation := func() *CheckRuns {
		t.Helper()
		runs := NewRepo(client, "octo-org", "widgets", cache).CheckRunsOn(sha, gh.AppID(), time.Now)
		if _, err := runs.Existing(ctx, names); err != nil {
			t.Fatal(err)
		}
		if err := runs.Start(ctx, names, "gatehouse", "<!-- state -->"); err != nil {
			t.Fatal(err)
		}
		return runs
	}
	annotated := RunOutput{Conclusion: checks.Failure, Title: "2 secrets", Summary: "found"}
	for i := range 120 {
		annotated.Annotations = append(annotated.Annotations, &github.CheckRunAnnotation{Path: github.String("a.txt"),
			StartLine: github.Int(i + 1), EndLine: github.Int(i + 1), AnnotationLevel: github.String("failure"), Message: github.String(fmt.Sprint(i))})
	}
	clean := RunOutput{Conclusion: checks.Success, Title: "clean", Summary: "nothing found"}

	steps := []struct {
		name      string
		run       string
		out       RunOutput
		published bool
		runsNamed int // runs of that name on the SHA afterwards
		updates   int // check-run updates that step sent
	}{
		{"first result, in three batches", "gatehouse/secrets", annotated, true, 1, 3},
		{"the same result again is not sent", "gatehouse/secrets", annotated, false, 1, 0},
		{"a changed result goes on a new run", "gatehouse/secrets", clean, true, 2, 1},
		{"the gate", "gatehouse", clean, true, 1, 1},
	}
	runs := evaluation()
	if got := len(gh.CheckRuns("octo-org", "widgets", sha)); got != len(names) {
		t.Fatalf("%d runs after the first start, want %d", got, len(names))
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := len(gh.CallsTo("checks/update"))
			published, err := runs.Complete(ctx, s.run, s.out)
			if err != nil {
				t.Fatal(err)
			}
			if published != s.published {
				t.Errorf("published = %v, want %v", published, s.published)
			}
			if n := len(gh.CallsTo("checks/update")) - before; n != s.updates {
				t.Errorf("%d updates sent, want %d", n, s.updates)
			}
			latest, _ := gh.LatestCheckRun("octo-org", "widgets", sha, s.run)
			if latest.Status != "completed" || latest.Conclusion != string(s.out.Conclusion) || len(latest.Annotations) != len(s.out.Annotations) {
				t.Errorf("latest %s is %s/%s with %d annotations, want completed/%s with %d",
					s.run, latest.Status, latest.Conclusion, len(latest.Annotations), s.out.Conclusion, len(s.out.Annotations))
			}
			count := 0
			for _, r := range gh.CheckRuns("octo-org", "widgets", sha) {
				if r.Name == s.run {
					count++
				}
			}
			if count != s.runsNamed {
				t.Errorf("%d runs named %s, want %d", count, s.run, s.runsNamed)
			}
		})
	}
	t.Run("the next evaluation reuses the runs", func(t *testing.T) {
		before := len(gh.CallsTo("checks/create"))
		evaluation()
		if n := len(gh.CallsTo("checks/create")) - before; n != 0 {
			t.Errorf("%d runs created, want none", n)
		}
		gate, _ := gh.LatestCheckRun("octo-org", "widgets", sha, "gatehouse")
		if gate.Status != "in_progress" {
			t.Errorf("the gate is %s on a new evaluation, want in_progress", gate.Status)
		}
	})
}
