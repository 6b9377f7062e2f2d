package githubtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// Sign is the X-Hub-Signature-256 value of body: "sha256=" and the hex
// HMAC-SHA256 of body keyed with secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func signSHA1(secret, body []byte) string {
	m := hmac.New(sha1.New, secret)
	m.Write(body)
	return "sha1=" + hex.EncodeToString(m.Sum(nil))
}

// NewDelivery POSTs a webhook delivery to hookURL with the headers GitHub
// sends (event, delivery id, both signatures, hook ids, Hookshot user agent)
// and returns the response with its body read into memory. An empty secret
// sends no signature headers. It fails the test when the delivery cannot be
// made, so it must be called from the test's goroutine; other goroutines
// use PostDelivery.
func NewDelivery(t testing.TB, hookURL, secret, event, deliveryID string, body []byte) *http.Response {
	t.Helper()
	resp, err := PostDelivery(hookURL, secret, event, deliveryID, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// PostDelivery is NewDelivery for any goroutine: it returns why the
// delivery could not be made instead of failing a test.
func PostDelivery(hookURL, secret, event, deliveryID string, body []byte) (*http.Response, error) {
	req, err := deliveryRequest(hookURL, secret, event, deliveryID, body)
	if err != nil {
		return nil, fmt.Errorf("githubtest: failed to build a delivery: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("githubtest: failed to deliver %s %s: %w", event, deliveryID, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("githubtest: failed to read the answer to %s %s: %w", event, deliveryID, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

// deliveryRequest is a webhook delivery as GitHub sends it: its headers, and
// both signatures when secret is set (none when it is empty).
func deliveryRequest(hookURL, secret, event, deliveryID string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, hookURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "GitHub-Hookshot/8a3d9f1")
	h.Set("Accept", "*/*")
	h.Set("X-GitHub-Event", event)
	h.Set("X-GitHub-Delivery", deliveryID)
	h.Set("X-GitHub-Hook-ID", "449104372")
	h.Set("X-GitHub-Hook-Installation-Target-Type", "integration")
	h.Set("X-GitHub-Hook-Installation-Target-ID", "424242")
	if secret != "" {
		h.Set("X-Hub-Signature", signSHA1([]byte(secret), body))
		h.Set("X-Hub-Signature-256", Sign([]byte(secret), body))
	}
	return req, nil
}
