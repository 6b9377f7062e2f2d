package githubtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// The App manifest flow's web side (not API, so served from the fake's web
// root only, never under /api/v3): the "new GitHub App" form a manifest is
// POSTed to, which shows it and, once confirmed, redirects to the manifest's
// redirect_url with a one-hour, single-use code for
// POST /app-manifests/{code}/conversions.

// manifestConfirmPath is where the fake's form confirms; GitHub's own form
// posts to an internal URL of its own.
const manifestConfirmPath = "/settings/apps/manifest-confirm"

var newAppPath = regexp.MustCompile(`^/(?:organizations/([^/]+)/)?settings/apps/new$`)

// AppManifest is a manifest as posted to the form: exactly the keys GitHub
// documents (an unknown key is rejected as a violation).
type AppManifest struct {
	Name           string `json:"name"`
	URL            string `json:"url"`
	Description    string `json:"description"`
	HookAttributes *struct {
		URL    string `json:"url"`
		Active *bool  `json:"active"`
	} `json:"hook_attributes"`
	RedirectURL           string            `json:"redirect_url"`
	CallbackURLs          []string          `json:"callback_urls"`
	SetupURL              string            `json:"setup_url"`
	Public                bool              `json:"public"`
	DefaultPermissions    map[string]string `json:"default_permissions"`
	DefaultEvents         []string          `json:"default_events"`
	RequestOAuthOnInstall bool              `json:"request_oauth_on_install"`
	SetupOnUpdate         bool              `json:"setup_on_update"`
}

// pendingManifest is a posted manifest awaiting the user's confirmation,
// and then the code GitHub redirected with.
type pendingManifest struct {
	manifest AppManifest
	account  string // organisation login, or "" for the personal account
	state    string
	issued   time.Time // when the code was issued
	used     bool
}

// manifestFlow is the fake's manifest-flow state: forms awaiting
// confirmation, codes awaiting conversion, and the Apps registered.
type manifestFlow struct {
	pending map[string]*pendingManifest // by form id
	codes   map[string]*pendingManifest // by code
	apps    map[int64]*registeredApp
}

// manifestCodeTTL is how long GitHub accepts a manifest code.
const manifestCodeTTL = time.Hour

// serveManifestWeb answers the flow's web pages; false for any other path.
func (s *Server) serveManifestWeb(w http.ResponseWriter, r *http.Request, body []byte) bool {
	m := newAppPath.FindStringSubmatch(r.URL.Path)
	if m == nil && r.URL.Path != manifestConfirmPath {
		return false
	}
	form, err := url.ParseQuery(string(body))
	if r.Method != http.MethodPost || err != nil {
		webPage(w, http.StatusMethodNotAllowed, "Not allowed", "The manifest flow POSTs a form here.")
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flow.pending == nil {
		s.flow.pending, s.flow.codes, s.flow.apps = map[string]*pendingManifest{}, map[string]*pendingManifest{}, map[int64]*registeredApp{}
	}
	if m == nil {
		s.confirmManifestLocked(w, r, form.Get("form_id"))
		return true
	}
	var man AppManifest
	dec := json.NewDecoder(strings.NewReader(form.Get("manifest")))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&man); err != nil {
		s.rejectManifestLocked(w, r, "the manifest is not valid JSON with GitHub's documented keys: "+err.Error())
		return true
	}
	if msg := checkManifest(&man); msg != "" {
		s.rejectManifestLocked(w, r, msg)
		return true
	}
	id := randomHex(10)
	p := &pendingManifest{manifest: man, account: m[1], state: r.URL.Query().Get("state")}
	s.flow.pending[id] = p
	pretty, _ := json.MarshalIndent(man, "", "  ")
	owner := "your personal account"
	if p.account != "" {
		owner = "the organisation " + p.account
	}
	var b bytes.Buffer
	_ = formTmpl.Execute(&b, map[string]string{
		"Name": man.Name, "Owner": owner, "Manifest": string(pretty), "FormID": id, "Action": manifestConfirmPath,
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
	return true
}

// checkManifest applies the rules GitHub's form enforces on a manifest.
func checkManifest(m *AppManifest) string {
	switch {
	case m.Name == "":
		return "the manifest has no name"
	case m.URL == "":
		return "the manifest has no url (the App's homepage, required)"
	case m.RedirectURL == "":
		return "the manifest has no redirect_url: GitHub would not return the code"
	case m.HookAttributes != nil && m.HookAttributes.URL == "":
		return "hook_attributes has no url"
	}
	for k, v := range m.DefaultPermissions {
		if v != "read" && v != "write" && v != "admin" {
			return fmt.Sprintf("permission %s has the access %q", k, v)
		}
	}
	return ""
}

func (s *Server) rejectManifestLocked(w http.ResponseWriter, r *http.Request, msg string) {
	s.violations = append(s.violations, fmt.Sprintf("%s %s: %s", r.Method, r.URL.Path, msg))
	webPage(w, http.StatusUnprocessableEntity, "Invalid GitHub App manifest", msg)
}

// confirmManifestLocked is the user pressing "Create GitHub App": a code is
// issued and the browser sent to redirect_url?code=CODE&state=STATE.
func (s *Server) confirmManifestLocked(w http.ResponseWriter, r *http.Request, formID string) {
	p := s.flow.pending[formID]
	if p == nil {
		webPage(w, http.StatusNotFound, "Not Found", "This form has expired; post the manifest again.")
		return
	}
	delete(s.flow.pending, formID)
	code := randomHex(10)
	p.issued = time.Now()
	s.flow.codes[code] = p
	q := url.Values{"code": {code}}
	if p.state != "" {
		q.Set("state", p.state)
	}
	target := p.manifest.RedirectURL
	if strings.Contains(target, "?") {
		target += "&" + q.Encode()
	} else {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func webPage(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = errTmpl.Execute(w, map[string]string{"Title": title, "Message": msg})
}

var formTmpl = htmltemplate.Must(htmltemplate.New("form").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Create GitHub App · fake GitHub</title></head>
<body style="font-family:sans-serif;max-width:720px;margin:24px auto">
<h1>Create GitHub App for {{.Owner}}</h1>
<p>Name: <b id="app-name">{{.Name}}</b></p>
<pre id="manifest" style="background:#f6f8fa;padding:12px">{{.Manifest}}</pre>
<form method="post" action="{{.Action}}">
<input type="hidden" name="form_id" value="{{.FormID}}">
<button type="submit" id="confirm">Create GitHub App for {{.Owner}}</button>
</form></body></html>`))

var errTmpl = htmltemplate.Must(htmltemplate.New("err").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · fake GitHub</title></head>
<body><h1 id="error">{{.Title}}</h1><p>{{.Message}}</p></body></html>`))
