package server_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// deliverRaw posts body signed over signedBody with secret ("" = unsigned).
func deliverRaw(t *testing.T, hook, secret string, signedBody, body []byte, id ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
