package appsetup

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// callback finishes a registration: GitHub redirected here with ?code&state.
// Every refusal happens before the code is exchanged, so that the single-use
// code survives a mistake the user can fix (a file in the way).
func (f *Flow) callback(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	code, state := q.Get("code"), q.Get("state")
	if err := f.states.Check(state); err != nil {
		msg := "This link was not started by this gatehouse setup run, so it was refused and nothing was sent to GitHub. Start again from the setup page."
		if errors.Is(err, ErrStateUsed) {
			msg = "This registration link was already used (a reload or a replayed link), so it was refused and nothing was sent to GitHub."
		}
		f.render(w, http.StatusBadRequest, errorPage("Refused: "+err.Error(), msg, true))
		return
	}
	if code == "" {
		f.render(w, http.StatusBadRequest, errorPage("Refused: no registration code", "GitHub's redirect carries a code; this one has none. Start again from the setup page.", true))
		return
	}
	if err := CheckOutput(f.o.Out, f.o.Force); err != nil {
		f.render(w, http.StatusConflict, errorPage("Cannot write the credentials",
			err.Error()+". The App was created on GitHub but not yet fetched: fix this, then reload this page within the hour.", false))
		return
	}
	if err := f.states.Use(state); err != nil {
		f.render(w, http.StatusBadRequest, errorPage("Refused: "+err.Error(), "Start again from the setup page.", true))
		return
	}
	// The exchange outlives a closed tab: GitHub spends the code either way,
	// and its answer is the only copy of the key.
	creds, err := Exchange(context.WithoutCancel(r.Context()), f.o.Client, f.o.WebURL, f.o.APIURL, code)
	if errors.Is(err, ErrCodeRejected) {
		f.render(w, http.StatusBadGateway, errorPage("Start again", err.Error()+".", true))
		return
	}
	if err != nil {
		f.render(w, http.StatusBadGateway, errorPage("GitHub could not be reached", err.Error()+". Start again from the setup page.", true))
		return
	}
	if f.o.Org != "" && !strings.EqualFold(creds.Owner, f.o.Org) {
		// A code for an App someone else owns (sent by another client of
		// this page) must not become this server's credentials: its owner
		// could read every repository that installs it.
		f.render(w, http.StatusBadRequest, errorPage("Refused: this App belongs to "+creds.Owner+", not "+f.o.Org,
			"Nothing was written. Start again from the setup page.", true))
		return
	}
	data, err := Render(f.o.Format, creds)
	if err == nil {
		err = WriteOutput(f.o.Out, data, f.o.Force)
	}
	if err != nil {
		// The code is spent: the App exists but its key is lost with this
		// process. Say how to recover rather than leave an orphan.
		f.render(w, http.StatusInternalServerError, errorPage("The App was created but its credentials could not be saved",
			fmt.Sprintf("%v. Delete the App %q at %s/settings/apps/%s (or generate a new private key and webhook secret there), then start again.",
				err, creds.Name, f.o.WebURL, creds.Slug), false))
		return
	}
	f.states.Close()
	f.render(w, http.StatusOK, &pageData{
		Title: "Registered " + creds.Name, Done: true, Name: creds.Name, Slug: creds.Slug, AppID: creds.AppID,
		GitHub: f.o.WebURL, Out: f.o.Out, InstallURL: creds.InstallURL(), ServeCmd: f.o.Format.ServeCommand(f.o.Out),
	})
	f.once.Do(func() { f.done <- creds })
}
