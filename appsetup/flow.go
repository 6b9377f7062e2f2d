package appsetup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// CallbackPath is where GitHub redirects the browser after the App is created.
const CallbackPath = "/setup/callback"

// DefaultTimeout is how long the local page waits for a registration.
const DefaultTimeout = 60 * time.Minute

// Options configure one registration.
type Options struct {
	Spec      *AppSpec
	PublicURL string // https://HOST the webhook is served on
	Org       string // "": the user's personal account
	Name      string // "": app.yml's name
	WebURL    string // GITHUB_WEB_URL, e.g. https://github.com
	APIURL    string // GITHUB_V3_API_URL, e.g. https://api.github.com/
	Out       string
	Format    Format
	Force     bool
	// Timeout stops the page when no registration completes (DefaultTimeout).
	Timeout time.Duration
	// Client makes the code exchange (nil: a client with a 30 s timeout).
	Client *http.Client
	// Progress receives what the user should read: the page's address, then
	// the next steps. Never a secret.
	Progress io.Writer
}

// ErrTimedOut is a run that ended with no App registered.
var ErrTimedOut = errors.New("no App was registered before the page timed out; run gatehouse setup again")

// Flow is one `gatehouse setup` run: the local page, its states, and the
// callback that finishes the registration.
type Flow struct {
	o       Options
	states  States
	pageURL string // http://HOST:PORT of the listener
	once    sync.Once
	done    chan *Credentials
	mu      sync.Mutex // serialises callbacks: one exchange at a time
}

// NewFlow prepares a run served on a listener at addr (host:port as listened).
func NewFlow(o Options, addr net.Addr) *Flow {
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	o.WebURL = strings.TrimSuffix(o.WebURL, "/")
	return &Flow{o: o, pageURL: "http://" + browserHost(addr), done: make(chan *Credentials, 1)}
}

// browserHost is the listener's address as a browser reaches it: an
// unspecified IP (":3000", "0.0.0.0:3000") becomes 127.0.0.1.
func browserHost(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// hostOf is u's host, for the button: "github.com" rather than a URL.
func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Host
	}
	return u
}

// PageURL is the local page to open in a browser.
func (f *Flow) PageURL() string { return f.pageURL + "/" }

// TargetURL is GitHub's form the manifest is posted to, without the state.
func (f *Flow) TargetURL() string {
	if f.o.Org != "" {
		return f.o.WebURL + "/organizations/" + url.PathEscape(f.o.Org) + "/settings/apps/new"
	}
	return f.o.WebURL + "/settings/apps/new"
}

// Manifest is what the page posts.
func (f *Flow) Manifest() Manifest {
	return f.o.Spec.Manifest(f.o.Name, f.o.PublicURL, f.pageURL+CallbackPath)
}

// Run answers the page and the callback on l until an App is registered,
// ctx ends or the timeout passes, telling Progress where to go and, at the
// end, what to do next. It returns the new App's credentials (the file is
// written by then) or ErrTimedOut.
func (f *Flow) Run(ctx context.Context, l net.Listener) (*Credentials, error) {
	account := "your personal account"
	if f.o.Org != "" {
		account = "organisation " + f.o.Org
	}
	fmt.Fprintf(f.o.Progress, "Open %s in your browser to register the GitHub App %q on %s (%s).\n"+
		"This page stops after the registration or in %d minutes; Ctrl-C stops it now.\n",
		f.PageURL(), f.Manifest().Name, f.o.WebURL, account, int(f.o.Timeout.Minutes()))
	creds, err := f.serve(ctx, l)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f.o.Progress, "\nRegistered the GitHub App %q (id %d, slug %s); its credentials are in %s (mode 0600).\n"+
		"Next steps:\n  1. Install it: %s\n  2. Start the server: %s\n",
		creds.Name, creds.AppID, creds.Slug, f.o.Out, creds.InstallURL(), f.o.Format.ServeCommand(f.o.Out))
	return creds, nil
}

func (f *Flow) serve(ctx context.Context, l net.Listener) (*Credentials, error) {
	ctx, cancel := context.WithTimeout(ctx, f.o.Timeout)
	defer cancel()
	srv := &http.Server{Handler: f.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	var creds *Credentials
	select {
	case creds = <-f.done:
	case <-ctx.Done():
	case err := <-errc:
		return nil, fmt.Errorf("the setup page stopped: %w", err)
	}
	if creds != nil {
		// The success page is sent whole by now (render flushed it with its
		// length); browsers keep preconnected sockets that Shutdown would
		// wait on for seconds.
		_ = srv.Close()
	} else {
		// An exchange in progress holds the only copy of a key: let it finish.
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
	}
	if creds == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, ErrTimedOut
	}
	if creds == nil {
		return nil, errors.New("stopped before an App was registered")
	}
	return creds, nil
}

// Handler serves the page (GET /) and GitHub's redirect (GET CallbackPath).
func (f *Flow) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", f.page)
	mux.HandleFunc("GET "+CallbackPath, f.callback)
	return f.guard(mux)
}

// guard sets headers that keep the page's secrets (state, code) in it, and
// refuses requests for another host name: a web page the user visits could
// otherwise reach this server through DNS rebinding.
func (f *Flow) guard(next http.Handler) http.Handler {
	self := strings.TrimPrefix(f.pageURL, "http://")
	_, port, _ := net.SplitHostPort(self)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != self && r.Host != "localhost:"+port {
			http.Error(w, "unknown host", http.StatusMisdirectedRequest)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action "+f.o.WebURL+"; frame-ancestors 'none'; base-uri 'none'")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

func (f *Flow) page(w http.ResponseWriter, r *http.Request) {
	state, err := f.states.New()
	if err != nil {
		f.render(w, http.StatusInternalServerError, errorPage("Cannot start", err.Error(), true))
		return
	}
	m := f.Manifest()
	body, err := json.Marshal(m)
	if err != nil {
		f.render(w, http.StatusInternalServerError, errorPage("Cannot start", err.Error(), true))
		return
	}
	account := "your personal account"
	if f.o.Org != "" {
		account = "the organisation " + f.o.Org
	}
	f.render(w, http.StatusOK, &pageData{
		Title: "Register " + m.Name, Start: true,
		Name: m.Name, Account: account, GitHub: f.o.WebURL, GitHubHost: hostOf(f.o.WebURL), HookURL: m.HookAttributes.URL,
		Spec: f.o.Spec, Out: f.o.Out, Action: f.TargetURL() + "?state=" + url.QueryEscape(state),
		ManifestJSON: string(body),
	})
}
