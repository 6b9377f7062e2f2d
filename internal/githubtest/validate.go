package githubtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// validate checks a request against GitHub's OpenAPI description, then the
// limits GitHub documents only in prose. It returns "" when GitHub would
// accept the request, else the reason it would answer 422.
func (s *Server) validate(rq *request) string {
	opts := &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError:         true,
	}
	opts.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		if p := err.JSONPointer(); len(p) > 0 {
			return fmt.Sprintf("%s: %s", "/"+strings.Join(p, "/"), err.Reason)
		}
		return err.Reason
	})
	body := rq.body
	if string(bytes.TrimSpace(body)) == "null" {
		// ghinstallation sends `null` for "no options"; GitHub reads it as no body.
		body = nil
	}
	if rq.op == "issues/add-labels" && len(bytes.TrimSpace(body)) > 0 && bytes.TrimSpace(body)[0] == '[' {
		// The description only lists {"labels": [...]}, but its own prose
		// says a bare array is accepted, and go-github v60 sends one.
		body = append(append([]byte(`{"labels":`), body...), '}')
	}
	rq.http.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    rq.http,
		PathParams: rq.raw,
		Route:      rq.route,
		Options:    opts,
	}
	var reasons []string
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		reasons = append(reasons, describeValidation(err))
	}
	// The prose limits are listed even after a schema error: they say what
	// an anyOf failure means ("conclusion is required ...").
	if msg := describedLimits(rq.op, body); msg != "" {
		reasons = append(reasons, msg)
	}
	return strings.Join(reasons, "\n")
}

// describeValidation turns kin-openapi's error into a short list of reasons,
// one a line, like the list GitHub puts under "Invalid request."
func describeValidation(err error) string {
	var reasons []string
	var collect func(error)
	collect = func(err error) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				collect(e)
			}
			return
		}
		var re *openapi3filter.RequestError
		if errors.As(err, &re) {
			if re.Err != nil {
				var inner openapi3.MultiError
				if errors.As(re.Err, &inner) {
					for _, e := range inner {
						reasons = append(reasons, requestErrorPrefix(re)+e.Error())
					}
					return
				}
				reasons = append(reasons, requestErrorPrefix(re)+re.Err.Error())
				return
			}
			reasons = append(reasons, requestErrorPrefix(re)+re.Reason)
			return
		}
		reasons = append(reasons, err.Error())
	}
	collect(err)
	return strings.Join(reasons, "\n")
}

func requestErrorPrefix(re *openapi3filter.RequestError) string {
	if re.Parameter != nil {
		return fmt.Sprintf("parameter %q in %s: ", re.Parameter.Name, re.Parameter.In)
	}
	if re.RequestBody != nil {
		return "body "
	}
	return ""
}

// checkOutput is the part of a check run request the prose limits are about.
type checkOutput struct {
	Status      *string `json:"status"`
	Conclusion  *string `json:"conclusion"`
	CompletedAt *string `json:"completed_at"`
	Output      *struct {
		Title       *string `json:"title"`
		Annotations []struct {
			Path        string  `json:"path"`
			StartLine   int     `json:"start_line"`
			EndLine     int     `json:"end_line"`
			StartColumn *int    `json:"start_column"`
			EndColumn   *int    `json:"end_column"`
			Title       *string `json:"title"`
			Message     string  `json:"message"`
			RawDetails  *string `json:"raw_details"`
		} `json:"annotations"`
	} `json:"output"`
}

// describedLimits enforces what GitHub's description states only in words.
func describedLimits(op string, body []byte) string {
	if op != "checks/create" && op != "checks/update" {
		return ""
	}
	var in checkOutput
	if err := json.Unmarshal(body, &in); err != nil {
		return "Problems parsing JSON"
	}
	var reasons []string
	if in.Status != nil {
		switch *in.Status {
		case "waiting", "requested", "pending":
			reasons = append(reasons, fmt.Sprintf("status %q can only be set by GitHub Actions", *in.Status))
		}
	}
	if in.CompletedAt != nil && in.Conclusion == nil {
		reasons = append(reasons, "conclusion is required when completed_at is given")
	}
	if in.Status != nil && *in.Status == "completed" && in.Conclusion == nil {
		reasons = append(reasons, "conclusion is required when status is completed")
	}
	if o := in.Output; o != nil {
		if o.Title == nil {
			reasons = append(reasons, "output.title is required")
		}
		for i, a := range o.Annotations {
			at := fmt.Sprintf("output.annotations[%d]", i)
			if a.Title != nil && utf8.RuneCountInString(*a.Title) > 255 {
				reasons = append(reasons, at+".title is longer than 255 characters")
			}
			if len(a.Message) > 64*1024 {
				reasons = append(reasons, at+".message is larger than 64 KB")
			}
			if a.RawDetails != nil && len(*a.RawDetails) > 64*1024 {
				reasons = append(reasons, at+".raw_details is larger than 64 KB")
			}
			if (a.StartColumn != nil || a.EndColumn != nil) && a.StartLine != a.EndLine {
				reasons = append(reasons, at+": start_column and end_column are only allowed when start_line equals end_line")
			}
			if a.StartLine < 1 || a.EndLine < a.StartLine {
				reasons = append(reasons, at+": lines must start at 1 and end_line must not be before start_line")
			}
		}
	}
	return strings.Join(reasons, "\n")
}
