package server_test

import (
	"os"
	"strings"
	"testing"
)

func readCase(t *testing.T, name, side, file string) string {
	t.Helper()
	b, err := os.ReadFile("../checks/deps/testdata/cases/" + name + "/" + side + "/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDependencyDowngradeFlagsAdvisories(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo.Commit("main", "deps", "dev", contents(map[string]string{
		"package.json":      readCase(t, "npm-downgrade", "base", "package.json"),
		"package-lock.json": readCase(t, "npm-downgrade", "base", "package-lock.json"),
	}))
	pr := e.openPR("downgrade", map[string]string{
		"package.json":      readCase(t, "npm-downgrade", "head", "package.json"),
		"package-lock.json": readCase(t, "npm-downgrade", "head", "package-lock.json"),
	})
	e.opened(pr)
	run := e.run(pr, "gatehouse/dependencies")
	if run.Conclusion != "failure" {
		t.Fatalf("dependencies = %s %q\n%s", run.Conclusion, run.Title, run.Summary)
	}
	mustContain(t, "summary", run.Summary, "lodash", "GHSA-35jh-r3h4-6jhm", "**2 dependencies changed**: 1 added, 1 downgraded (2 direct).")
	var onLock bool
	for _, a := range run.Annotations {
		if a.Path == "package-lock.json" && a.AnnotationLevel == "failure" && a.StartLine > 1 {
			onLock = true
		}
	}
	if !onLock {
		t.Errorf("no failure annotation on a package-lock.json line: %+v", run.Annotations)
	}
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Errorf("gate = %s", gate.Conclusion)
	}
}

func TestNoManifestMeansNoDependencyCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("docs", map[string]string{"docs/readme.md": "x\n"})
	e.opened(pr)
	run := e.run(pr, "gatehouse/dependencies")
	if run.Conclusion != "success" || !strings.Contains(strings.ToLower(run.Title), "no dependency changes") {
		t.Errorf("dependencies = %s %q", run.Conclusion, run.Title)
	}
	if n := e.gh.CallCount("GET", `/contents/(package|go\.mod)`); n != 0 {
		t.Errorf("%d manifest reads for a PR without manifests", n)
	}
}

// A module's versions managed by its parent POM are resolved from the
// repository at the pull request's head, through GitHub's contents API.
func TestDepsMavenParentPOMIsReadFromTheRepository(t *testing.T) {
	e := newEnv(t)
	e.repo.Commit("main", "maven", "dev", contents(map[string]string{
		"pom.xml":         readCase(t, "maven-parent", "base", "pom.xml"),
		"service/pom.xml": readCase(t, "maven-parent", "base", "service/pom.xml"),
	}))
	pr := e.openPR("log4j", map[string]string{"service/pom.xml": readCase(t, "maven-parent", "head", "service/pom.xml")})
	e.opened(pr)
	run := e.run(pr, "gatehouse/dependencies")
	if run.Conclusion != "failure" {
		t.Fatalf("dependencies = %s %q\n%s", run.Conclusion, run.Title, run.Summary)
	}
	mustContain(t, "summary", run.Summary, "| org.apache.logging.log4j:log4j-core | added | 2.14.1 | direct, runtime |", "GHSA-jfh8-c2jp-5v3q")
	if n := e.gh.CallCount("GET", `/contents/pom\.xml`); n == 0 {
		t.Errorf("the parent pom.xml was never read")
	}
}
