package githubtest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Delivery is one attempt of GitHub to deliver a webhook to the App, as
// GET /app/hook/deliveries lists it: a redelivery keeps the event's GUID
// (the X-GitHub-Delivery header) and gets a new id.
type Delivery struct {
	ID          int64
	GUID        string
	Event       string
	Action      string
	DeliveredAt time.Time
	Redelivery  bool
	// StatusCode is the App's answer; 0 when it could not be reached.
	StatusCode int
	Status     string
	Duration   time.Duration

	payload []byte
}

// hookState is the App's webhook: where GitHub delivers, and every attempt.
type hookState struct {
	mu         sync.Mutex
	url        string
	secret     string
	deliveries []*Delivery // oldest first
	inflight   sync.WaitGroup
}

// SetWebhook sets the App's webhook URL and secret, which Deliver and
// redeliveries (POST /app/hook/deliveries/{id}/attempts) use.
func (s *Server) SetWebhook(url, secret string) {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.url, s.hooks.secret = url, secret
}

// Deliver sends event as GitHub would, to the webhook set with SetWebhook,
// with a new GUID, and records the attempt and its outcome (a refused
// connection is recorded as a failure, not a test error). It returns the
// GUID and the App's status code (0 when unreachable).
func (s *Server) Deliver(event string, payload []byte) (guid string, status int) {
	guid = newGUID()
	d := s.attempt(guid, event, payload, false)
	return guid, d.StatusCode
}

// Deliveries returns every delivery attempt so far, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	out := make([]Delivery, len(s.hooks.deliveries))
	for i, d := range s.hooks.deliveries {
		out[i] = *d
	}
	return out
}

// WaitRedeliveries waits until the redeliveries requested so far were made.
func (s *Server) WaitRedeliveries() { s.hooks.inflight.Wait() }

func (s *Server) attempt(guid, event string, payload []byte, redelivery bool) *Delivery {
	s.hooks.mu.Lock()
	url, secret := s.hooks.url, s.hooks.secret
	s.hooks.mu.Unlock()
	var meta struct {
		Action string `json:"action"`
	}
	_ = json.Unmarshal(payload, &meta)
	d := &Delivery{GUID: guid, Event: event, Action: meta.Action, DeliveredAt: time.Now(), Redelivery: redelivery, payload: payload}
	d.StatusCode, d.Status = post(url, secret, event, guid, payload)
	d.Duration = time.Since(d.DeliveredAt)
	s.mu.Lock()
	d.ID = s.nextIDLocked()
	s.mu.Unlock()
	s.hooks.mu.Lock()
	s.hooks.deliveries = append(s.hooks.deliveries, d)
	s.hooks.mu.Unlock()
	return d
}

// post delivers with GitHub's headers and a 10 s timeout, as GitHub does.
func post(url, secret, event, guid string, payload []byte) (int, string) {
	if url == "" {
		return 0, "no webhook URL configured"
	}
	req, err := deliveryRequest(url, secret, event, guid, payload)
	if err != nil {
		return 0, "invalid webhook URL"
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, "failed to connect to host"
	}
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 400 {
		return resp.StatusCode, "OK"
	}
	return resp.StatusCode, "Invalid HTTP Response: " + strconv.Itoa(resp.StatusCode)
}

func newGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func (d *Delivery) itemJSON(installation int64) map[string]any {
	var action any
	if d.Action != "" {
		action = d.Action
	}
	return map[string]any{
		"id": d.ID, "guid": d.GUID, "delivered_at": ts(d.DeliveredAt), "redelivery": d.Redelivery,
		"duration": d.Duration.Seconds(), "status": d.Status, "status_code": d.StatusCode,
		"event": d.Event, "action": action, "installation_id": installation, "repository_id": nil, "throttled_at": nil,
	}
}

// listWebhookDeliveries lists newest first with GitHub's cursor pagination:
// the Link header's next relation carries the cursor of the next page.
func listWebhookDeliveries(s *Server, rq *request) *response {
	per := 30
	if v, err := strconv.Atoi(rq.query.Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	s.hooks.mu.Lock()
	var all []*Delivery
	for i := len(s.hooks.deliveries) - 1; i >= 0; i-- {
		d := s.hooks.deliveries[i]
		ok := d.StatusCode >= 200 && d.StatusCode < 400
		switch rq.query.Get("status") {
		case "success":
			if !ok {
				continue
			}
		case "failure":
			if d.StatusCode < 400 || d.StatusCode > 599 {
				continue
			}
		}
		all = append(all, d)
	}
	s.hooks.mu.Unlock()
	start := 0
	if c := rq.query.Get("cursor"); c != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(c, "v1_"), 10, 64)
		if err != nil {
			return validationFailed("HookDelivery", "cursor", "invalid", "invalid cursor")
		}
		for start < len(all) && all[start].ID > id {
			start++
		}
	}
	end := min(start+per, len(all))
	items := []any{}
	for _, d := range all[start:end] {
		items = append(items, d.itemJSON(s.auth.installationID))
	}
	resp := &response{body: items, free: true, header: http.Header{}}
	if end < len(all) {
		q := rq.orig.Query()
		q.Set("cursor", "v1_"+strconv.FormatInt(all[end].ID, 10))
		q.Set("per_page", strconv.Itoa(per))
		resp.header.Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next"`, strings.TrimSuffix(s.http.URL, "/"), rq.orig.EscapedPath(), q.Encode()))
	}
	return resp
}

func (s *Server) deliveryByID(raw string) *Delivery {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil
	}
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	for _, d := range s.hooks.deliveries {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func getWebhookDelivery(s *Server, rq *request) *response {
	d := s.deliveryByID(rq.params["delivery_id"])
	if d == nil {
		return notFound()
	}
	body := d.itemJSON(s.auth.installationID)
	body["request"] = map[string]any{"headers": map[string]any{"X-GitHub-Event": d.Event, "X-GitHub-Delivery": d.GUID}, "payload": json.RawMessage(d.payload)}
	body["response"] = map[string]any{"headers": map[string]any{}, "payload": nil}
	body["url"] = s.hooks.url
	return &response{body: body, free: true}
}

// redeliverWebhookDelivery answers 202 at once and delivers again in the
// background, with the same GUID, as a new delivery marked redelivery.
func redeliverWebhookDelivery(s *Server, rq *request) *response {
	d := s.deliveryByID(rq.params["delivery_id"])
	if d == nil {
		return notFound()
	}
	s.hooks.inflight.Add(1)
	go func() {
		defer s.hooks.inflight.Done()
		s.attempt(d.GUID, d.Event, d.payload, true)
	}()
	return &response{status: http.StatusAccepted, body: map[string]any{}, free: true}
}
