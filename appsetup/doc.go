// Package appsetup registers Gatehouse's GitHub App through GitHub's App
// manifest flow (`gatehouse setup`): it builds the manifest from app.yml,
// serves a local page whose one button posts it to GitHub with a single-use
// state, takes GitHub's redirect back, exchanges the temporary code for the
// App's credentials (POST /app-manifests/{code}/conversions) and writes them,
// mode 0600, as an env file, a server config or a Kubernetes Secret.
//
// The flow, as GitHub documents it
// (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest):
//
//	browser ── POST manifest ──▶ GITHUB_WEB_URL/[organizations/ORG/]settings/apps/new?state=S
//	GitHub  ── 302 ──▶ http://127.0.0.1:3000/setup/callback?code=C&state=S
//	setup   ── POST /app-manifests/C/conversions ──▶ id, slug, webhook secret, PEM key
//
// Nothing secret reaches the terminal, a log or a page: only the file holds it.
package appsetup
