package manifest

import (
	"errors"
	"strings"
	"testing"
)

const rootPom = `<project>
  <groupId>com.example</groupId>
  <artifactId>root</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <properties>
    <log4j.version>2.14.1</log4j.version>
    <jackson.version>2.15.0</jackson.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>${log4j.version}</version>
      </dependency>
      <dependency>
        <groupId>com.fasterxml.jackson.core</groupId>
        <artifactId>jackson-databind</artifactId>
        <version>${jackson.version}</version>
      </dependency>
      <dependency>
        <groupId>org.yaml</groupId>
        <artifactId>snakeyaml</artifactId>
        <version>2.2</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
`

// a module two levels down, its parent named by a directory.
const servicePom = `<project>
  <parent>
    <groupId>com.example</groupId>
    <artifactId>platform</artifactId>
    <version>1.0.0</version>
    <relativePath>../platform</relativePath>
  </parent>
  <artifactId>service</artifactId>
  <properties>
    <jackson.version>2.16.1</jackson.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
    </dependency>
    <dependency>
      <groupId>com.example</groupId>
      <artifactId>common</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
`

const platformPom = `<project>
  <parent>
    <groupId>com.example</groupId>
    <artifactId>root</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>platform</artifactId>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.junit.jupiter</groupId>
        <artifactId>junit-jupiter</artifactId>
        <version>5.10.2</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
`

// spring-petclinic's shape: the parent is Spring Boot's, outside the repository.
const bootPom = `<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.5.0</version>
    <relativePath/>
  </parent>
  <groupId>org.springframework.samples</groupId>
  <artifactId>spring-petclinic</artifactId>
  <version>3.5.0-SNAPSHOT</version>
  <properties>
    <webjars-bootstrap.version>5.3.6</webjars-bootstrap.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.webjars.npm</groupId>
      <artifactId>bootstrap</artifactId>
      <version>${webjars-bootstrap.version}</version>
    </dependency>
  </dependencies>
</project>
`

func TestParsePomTree(t *testing.T) {
	repo := map[string]string{
		"pom.xml":                  rootPom,
		"platform/pom.xml":         platformPom,
		"platform/service/pom.xml": strings.Replace(servicePom, "../platform", "..", 1),
		"services/api/pom.xml":     servicePom,
		"boot/pom.xml":             bootPom,
		// names another parent than the file at its relativePath holds
		"mismatch/child/pom.xml": strings.Replace(servicePom, "<artifactId>platform</artifactId>", "<artifactId>other</artifactId>", 1),
	}
	// jenkins' shape: an aggregator whose bom module the other modules import.
	repo["agg/pom.xml"] = `<project><groupId>com.example</groupId><artifactId>agg</artifactId><version>2.0</version>
  <modules><module>bom</module><module>core</module></modules></project>`
	repo["agg/bom/pom.xml"] = `<project><parent><groupId>com.example</groupId><artifactId>agg</artifactId><version>2.0</version></parent>
  <artifactId>bom</artifactId><properties><guava.version>31.1-jre</guava.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>
  </dependencies></dependencyManagement></project>`
	repo["agg/core/pom.xml"] = `<project><parent><groupId>com.example</groupId><artifactId>agg</artifactId><version>2.0</version></parent>
  <artifactId>core</artifactId>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.example</groupId><artifactId>bom</artifactId><version>${project.version}</version><type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>org.junit</groupId><artifactId>junit-bom</artifactId><version>5.10.2</version><type>pom</type><scope>import</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
  </dependencies></project>`
	// services/api/pom.xml's relativePath ../platform resolves to services/platform; put the parent there too.
	repo["services/platform/pom.xml"] = strings.Replace(platformPom, "<artifactId>root</artifactId>", "<artifactId>root</artifactId>\n    <relativePath>../../pom.xml</relativePath>", 1)
	repo["mismatch/platform/pom.xml"] = platformPom
	read := func(p string) ([]byte, bool, error) {
		s, ok := repo[p]
		return []byte(s), ok, nil
	}
	tests := []struct {
		path       string
		want       map[string]string // name → version
		unresolved map[string]string // name → substring of why
	}{
		{"platform/service/pom.xml", map[string]string{
			"org.apache.logging.log4j:log4j-core":         "2.14.1", // root's property through root's management
			"com.fasterxml.jackson.core:jackson-databind": "2.16.1", // the module's property overrides root's
			"com.example:common":                          "1.0.0",  // project.version from the parent
			"org.junit.jupiter:junit-jupiter":             "5.10.2", // platform's management
		}, nil},
		{"services/api/pom.xml", map[string]string{
			"org.apache.logging.log4j:log4j-core":         "2.14.1",
			"com.fasterxml.jackson.core:jackson-databind": "2.16.1",
		}, nil},
		{"boot/pom.xml", map[string]string{"org.webjars.npm:bootstrap": "5.3.6"}, map[string]string{
			"org.springframework.boot:spring-boot-starter-web": "org.springframework.boot:spring-boot-starter-parent:3.5.0",
		}},
		{"agg/core/pom.xml", map[string]string{"com.google.guava:guava": "31.1-jre"}, map[string]string{
			"org.junit.jupiter:junit-jupiter": "managed by BOM org.junit:junit-bom:5.10.2",
		}},
		{"mismatch/child/pom.xml", nil, map[string]string{
			"org.apache.logging.log4j:log4j-core": "com.example:other:1.0.0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			pkgs, err := ParsePomTree(tt.path, []byte(repo[tt.path]), read)
			if err != nil {
				t.Fatal(err)
			}
			got := make(map[string]Package)
			for _, p := range pkgs {
				got[p.Name] = p
			}
			for n, v := range tt.want {
				p := got[n]
				if p.Version != v || p.Range || p.Unresolved != "" {
					t.Errorf("%s = %q (range %v, unresolved %q), want %q", n, p.Version, p.Range, p.Unresolved, v)
				}
			}
			for n, why := range tt.unresolved {
				p := got[n]
				if !p.Range || !strings.Contains(p.Unresolved, why) {
					t.Errorf("%s: range %v, unresolved %q; want unresolved naming %q", n, p.Range, p.Unresolved, why)
				}
			}
		})
	}
}

func TestParsePomTreeFailsWhenTheSourceFails(t *testing.T) {
	boom := errors.New("boom")
	read := func(string) ([]byte, bool, error) { return nil, false, boom }
	if _, err := ParsePomTree("a/pom.xml", []byte(servicePom), read); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the source's error", err)
	}
}

func TestParsePomTreeStopsAtACycle(t *testing.T) {
	loop := strings.Replace(servicePom, "../platform", ".", 1)
	loop = strings.Replace(loop, "<artifactId>service</artifactId>", "<groupId>com.example</groupId><artifactId>platform</artifactId><version>1.0.0</version>", 1)
	read := func(string) ([]byte, bool, error) { return []byte(loop), true, nil }
	if _, err := ParsePomTree("x/pom.xml", []byte(loop), read); err != nil {
		t.Errorf("a parent cycle must not fail the parse: %v", err)
	}
}
