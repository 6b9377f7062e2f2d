package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// deliverRaw posts body signed over signedBody with secret ("" = unsigned),
// failing the test if the request cannot be made. From the test's goroutine
// only; other goroutines use postRaw and hand its error back.
func deliverRaw(t *testing.T, hook, secret string, signedBody, body []byte, id ...string) *http.Response {
	t.Helper()
	resp, err := postRaw(hook, secret, signedBody, body, id...)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// postRaw is deliverRaw without a test: it returns the answer (body closed)
// or why there is none.
func postRaw(hook, secret string, signedBody, body []byte, id ...string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("failed to build the delivery: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", "pull_request")
	deliveryID := "raw-delivery"
	if len(id) > 0 {
		deliveryID = id[0]
	}
	req.Header.Set("X-GitHub-Delivery", deliveryID)
	if secret != "" {
		req.Header.Set("X-Hub-Signature-256", githubtest.Sign([]byte(secret), signedBody))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("failed to deliver %s: %w", deliveryID, err)
	}
	resp.Body.Close()
	return resp, nil
}
