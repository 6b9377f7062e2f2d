// Package gatehouse holds what belongs to the repository as a whole rather than
// to one package: the GitHub App manifest, app.yml, compiled into the binary so
// that `gatehouse setup` registers exactly the App the repository describes.
package gatehouse

import _ "embed"

// AppManifest is app.yml: the App's name, events and least-privilege
// permissions, each commented with why it is needed (Probot convention).
//
//go:embed app.yml
var AppManifest []byte
