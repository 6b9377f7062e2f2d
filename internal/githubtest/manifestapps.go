package githubtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// registeredApp is an App created through the manifest flow: its key is
// real, so `gatehouse serve` can authenticate as it (GET /app). Installation
// endpoints keep answering for the fake's own App.
type registeredApp struct {
	id            int64
	slug, name    string
	owner         *user
	manifest      AppManifest
	key           *rsa.PrivateKey
	webhookSecret string
	created       time.Time
}

// RegisteredApp is what the manifest flow created, for assertions.
type RegisteredApp struct {
	ID            int64
	Slug          string
	Owner         string
	Manifest      AppManifest
	WebhookSecret string
}

// RegisteredApps lists the Apps created through the manifest flow, oldest first.
func (s *Server) RegisteredApps() []RegisteredApp {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []RegisteredApp
	for _, a := range s.flow.apps {
		out = append(out, RegisteredApp{ID: a.id, Slug: a.slug, Owner: a.owner.login, Manifest: a.manifest, WebhookSecret: a.webhookSecret})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// WebURL is the fake's web root without a trailing slash (GITHUB_WEB_URL):
// the manifest flow's forms live there, the API at URL() and EnterpriseURL().
func (s *Server) WebURL() string { return s.http.URL }

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// createFromManifest is POST /app-manifests/{code}/conversions: no
// authentication; the code is single-use and valid one hour; anything else
// is 404, as on GitHub.
func createFromManifest(s *Server, rq *request) *response {
	p := s.flow.codes[rq.params["code"]]
	if p == nil || p.used || time.Since(p.issued) > manifestCodeTTL {
		return notFound()
	}
	p.used = true
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		s.issues = append(s.issues, "cannot generate an App key: "+err.Error())
		return errorResponse(http.StatusInternalServerError, "Server Error")
	}
	owner := s.userLocked("octocat")
	if p.account != "" {
		owner = s.orgLocked(p.account)
	}
	a := &registeredApp{
		id: s.nextIDLocked(), name: p.manifest.Name, owner: owner, manifest: p.manifest, key: key,
		slug:          strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(p.manifest.Name), "-"), "-"),
		webhookSecret: randomHex(20), created: time.Now(),
	}
	s.flow.apps[a.id] = a
	body := s.registeredAppJSON(a)
	body["client_id"] = fmt.Sprintf("Iv23li%014x", a.id)
	body["client_secret"] = randomHex(20)
	body["webhook_secret"] = a.webhookSecret
	body["pem"] = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	return &response{status: http.StatusCreated, body: body, free: true}
}

// registeredAppJSON renders a manifest-created App as GET /app does.
func (s *Server) registeredAppJSON(a *registeredApp) map[string]any {
	perms := map[string]any{}
	for k, v := range a.manifest.DefaultPermissions {
		perms[k] = v
	}
	events := []any{}
	for _, e := range a.manifest.DefaultEvents {
		events = append(events, e)
	}
	return map[string]any{
		"id": a.id, "slug": a.slug, "node_id": nodeID("App", a.id),
		"client_id": fmt.Sprintf("Iv23li%014x", a.id), "owner": s.userJSON(a.owner),
		"name": a.name, "description": a.manifest.Description, "external_url": a.manifest.URL,
		"html_url": s.webURL("apps/" + a.slug), "created_at": ts(a.created), "updated_at": ts(a.created),
		"permissions": perms, "events": events, "installations_count": 0,
	}
}

// appPublicKeyLocked is the key that verifies JWTs issued by App id.
func (s *Server) appPublicKeyLocked(id int64) *rsa.PublicKey {
	if a := s.flow.apps[id]; a != nil {
		return &a.key.PublicKey
	}
	if id == appID {
		k, _ := processKey()
		return &k.PublicKey
	}
	return nil
}
