package osv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/errgroup"
)

// BatchSize is the most queries OSV accepts in one querybatch call.
const BatchSize = 1000

// maxBody bounds what is read from the API: a hostile or broken server
// cannot exhaust memory.
const maxBody = 64 << 20

// API queries the OSV API: POST /v1/querybatch for ids, GET /v1/vulns/{id}
// for records, cached by id.
type API struct {
	base   string
	client *http.Client
	cache  *lru.Cache[string, *Vuln]
	// Tries and Backoff govern retries of a failed call (Tries in all,
	// Backoff doubling between them).
	Tries   int
	Backoff time.Duration
}

// NewAPI returns a client of the OSV API at baseURL (e.g. https://api.osv.dev).
func NewAPI(baseURL string, client *http.Client) *API {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	c, _ := lru.New[string, *Vuln](10000)
	return &API{base: strings.TrimRight(baseURL, "/"), client: client, cache: c, Tries: 3, Backoff: 500 * time.Millisecond}
}

type batchQuery struct {
	Package   batchPackage `json:"package"`
	Version   string       `json:"version"`
	PageToken string       `json:"page_token,omitempty"`
}

type batchPackage struct {
	Name      string `json:"name"`
	Ecosystem string `json:"ecosystem"`
}

type batchResponse struct {
	Results []struct {
		Vulns []struct {
			ID       string `json:"id"`
			Modified string `json:"modified"`
		} `json:"vulns"`
		NextPageToken string `json:"next_page_token"`
	} `json:"results"`
}

// Query implements Advisories.
func (a *API) Query(ctx context.Context, qs []Query) ([][]*Vuln, error) {
	ids := make([][]string, len(qs))
	modified := make(map[string]string)
	for start := 0; start < len(qs); start += BatchSize {
		end := min(start+BatchSize, len(qs))
		if err := a.batch(ctx, qs, start, end, ids, modified); err != nil {
			return nil, err
		}
	}
	vulns, err := a.details(ctx, modified)
	if err != nil {
		return nil, err
	}
	out := make([][]*Vuln, len(qs))
	for i, list := range ids {
		for _, id := range list {
			out[i] = append(out[i], vulns[id])
		}
	}
	return out, nil
}

// batch asks for queries [start,end), following next_page_token for the
// queries whose results were cut.
func (a *API) batch(ctx context.Context, qs []Query, start, end int, ids [][]string, modified map[string]string) error {
	pending := make([]int, 0, end-start)
	for i := start; i < end; i++ {
		pending = append(pending, i)
	}
	tokens := make(map[int]string)
	for page := 0; len(pending) > 0; page++ {
		if page >= 100 {
			return fmt.Errorf("osv querybatch: more than 100 pages of results")
		}
		body := struct {
			Queries []batchQuery `json:"queries"`
		}{}
		for _, i := range pending {
			q := qs[i]
			body.Queries = append(body.Queries, batchQuery{Package: batchPackage{Name: q.Name, Ecosystem: q.Ecosystem},
				Version: QueryVersion(q.Ecosystem, q.Version), PageToken: tokens[i]})
		}
		raw, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("failed to encode osv query: %w", err)
		}
		var resp batchResponse
		if err := a.do(ctx, http.MethodPost, a.base+"/v1/querybatch", raw, &resp); err != nil {
			return fmt.Errorf("osv querybatch: %w", err)
		}
		if len(resp.Results) != len(pending) {
			return fmt.Errorf("osv querybatch: %d results for %d queries", len(resp.Results), len(pending))
		}
		var next []int
		for k, r := range resp.Results {
			i := pending[k]
			for _, v := range r.Vulns {
				if v.ID == "" {
					continue
				}
				ids[i] = append(ids[i], v.ID)
				modified[v.ID] = v.Modified
			}
			if r.NextPageToken != "" {
				tokens[i] = r.NextPageToken
				next = append(next, i)
			}
		}
		pending = next
	}
	return nil
}

// details fetches the records of ids, from the cache when its copy is as
// recent as the batch said.
func (a *API) details(ctx context.Context, modified map[string]string) (map[string]*Vuln, error) {
	out := make(map[string]*Vuln, len(modified))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for id, mod := range modified {
		if v, ok := a.cache.Get(id); ok && (mod == "" || v.Modified == mod) {
			out[id] = v
			continue
		}
		g.Go(func() error {
			var v Vuln
			if err := a.do(gctx, http.MethodGet, a.base+"/v1/vulns/"+url.PathEscape(id), nil, &v); err != nil {
				return fmt.Errorf("osv vuln %s: %w", id, err)
			}
			if v.ID == "" {
				v.ID = id
			}
			a.cache.Add(id, &v)
			mu.Lock()
			out[id] = &v
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

type statusError struct{ code int }

func (e statusError) Error() string { return fmt.Sprintf("unexpected HTTP status %d", e.code) }

// retryable: network failures, rate limiting and server errors.
func retryable(err error) bool {
	var se statusError
	if errors.As(err, &se) {
		return se.code == http.StatusTooManyRequests || se.code >= 500
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// do performs one call with retries and decodes the JSON answer into out.
func (a *API) do(ctx context.Context, method, u string, body []byte, out any) error {
	tries := max(a.Tries, 1)
	wait := a.Backoff
	var err error
	for t := 0; t < tries; t++ {
		if t > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
			case <-time.After(wait):
			}
			wait *= 2
		}
		err = a.once(ctx, method, u, body, out)
		if err == nil || !retryable(err) {
			return err
		}
	}
	return fmt.Errorf("gave up after %d tries: %w", tries, err)
}

func (a *API) once(ctx context.Context, method, u string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return statusError{resp.StatusCode}
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(out); err != nil {
		return fmt.Errorf("invalid response: %w", err)
	}
	return nil
}
