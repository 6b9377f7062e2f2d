package githubtest

import (
	"embed"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// testdataFS holds GitHub's OpenAPI description and the real webhook
// deliveries the fake starts from (see testdata/README.md for their origin).
//
//go:embed testdata/github-openapi-subset.json testdata/webhooks/*.json
var testdataFS embed.FS

// apiSpec is the parsed OpenAPI document and its router. Loading takes about
// 0.2 s, so it happens once per test binary however many servers a test starts.
type apiSpec struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	specOnce   sync.Once
	specLoaded *apiSpec
	specErr    error
)

// loadSpec parses the vendored OpenAPI document. doc.Validate is skipped on
// purpose: GitHub's description carries examples that do not match their own
// schemas, and validating them costs seconds without making requests safer.
func loadSpec() (*apiSpec, error) {
	specOnce.Do(func() {
		raw, err := testdataFS.ReadFile("testdata/github-openapi-subset.json")
		if err != nil {
			specErr = fmt.Errorf("failed to read the openapi description: %w", err)
			return
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(raw)
		if err != nil {
			specErr = fmt.Errorf("failed to load the openapi description: %w", err)
			return
		}
		// The document's server is https://api.github.com; the fake routes on
		// paths alone so that both its root and /api/v3/ serve the API.
		doc.Servers = nil
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			specErr = fmt.Errorf("failed to build the openapi router: %w", err)
			return
		}
		specLoaded = &apiSpec{doc: doc, router: router}
	})
	return specLoaded, specErr
}
