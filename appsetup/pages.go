package appsetup

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed page.html
var pageHTML string

var pageTmpl = template.Must(template.New("page").Parse(pageHTML))

// pageData fills page.html: the start page (Start), the success page (Done)
// or an error page (neither).
type pageData struct {
	Title string
	Start bool
	Done  bool

	Name, Account, GitHub, HookURL string
	GitHubHost                     string
	Spec                           *AppSpec
	Out                            string
	Action, ManifestJSON           string

	Slug                 string
	AppID                int64
	InstallURL, ServeCmd string

	Message string
	Retry   bool // offer "start again"
}

func errorPage(title, message string, retry bool) *pageData {
	return &pageData{Title: title, Message: message, Retry: retry}
}

// render writes the page, or a plain error if the template fails (it is
// fixed at build time, so only a bug makes it fail).
func (f *Flow) render(w http.ResponseWriter, status int, d *pageData) {
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		http.Error(w, "cannot render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
}
