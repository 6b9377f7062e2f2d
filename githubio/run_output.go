package githubio

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// MaxAnnotationsPerRequest is GitHub's limit on one check-run update.
const MaxAnnotationsPerRequest = 50

// RunOutput is a check run's final state.
type RunOutput struct {
	Conclusion  checks.Conclusion
	Title       string
	Summary     string
	Text        string
	Annotations []*github.CheckRunAnnotation
}

// ExternalID identifies the output's content, so an identical result is not
// published twice. GitHub stores it with the run.
func (o RunOutput) ExternalID() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", o.Conclusion, o.Title, o.Summary, o.Text)
	for _, a := range o.Annotations {
		fmt.Fprintf(h, "%s:%d:%d:%s:%s:%s\x00", a.GetPath(), a.GetStartLine(), a.GetEndLine(), a.GetAnnotationLevel(), a.GetTitle(), a.GetMessage())
	}
	return "gatehouse-" + hex.EncodeToString(h.Sum(nil))[:24]
}

// batches splits annotations into requests of at most 50. A run without
// annotations still needs one request.
func (o RunOutput) batches() [][]*github.CheckRunAnnotation {
	if len(o.Annotations) == 0 {
		return [][]*github.CheckRunAnnotation{nil}
	}
	var out [][]*github.CheckRunAnnotation
	for i := 0; i < len(o.Annotations); i += MaxAnnotationsPerRequest {
		out = append(out, o.Annotations[i:min(i+MaxAnnotationsPerRequest, len(o.Annotations))])
	}
	return out
}
