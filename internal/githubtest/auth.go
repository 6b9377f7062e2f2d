package githubtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// appID is the fake App's id. Every server shares it, as they share the key.
const appID int64 = 424242

var (
	keyOnce sync.Once
	appKey  *rsa.PrivateKey
	keyPEM  []byte
)

// processKey generates the App's RSA key once per test binary: a 2048-bit
// key takes tens of milliseconds, too much to pay per server.
func processKey() (*rsa.PrivateKey, []byte) {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(fmt.Sprintf("githubtest: failed to generate the app key: %v", err))
		}
		appKey = k
		keyPEM = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	})
	return appKey, keyPEM
}

// authState is the App's credentials and the installation tokens issued.
type authState struct {
	installationID int64
	tokens         map[string]time.Time // token -> expiry
	failNext       int                  // next token checks that answer 401
	rejectJWT      bool
	tokenTTL       time.Duration
}

func newAuthState(installationID int64) authState {
	return authState{installationID: installationID, tokens: map[string]time.Time{}, tokenTTL: time.Hour}
}

// AppID is the fake App's id (GITHUB_APP_INTEGRATION_ID).
func (s *Server) AppID() int64 { return appID }

// AppSlug is the App's slug, "gatehouse".
func (s *Server) AppSlug() string { return appSlug }

// BotLogin is the login GitHub shows for the App's actions, "gatehouse[bot]".
func (s *Server) BotLogin() string { return appSlug + "[bot]" }

// PrivateKeyPEM is the App's private key (GITHUB_APP_PRIVATE_KEY), PKCS#1 PEM.
func (s *Server) PrivateKeyPEM() []byte {
	_, p := processKey()
	return append([]byte(nil), p...)
}

// InstallationID is the id of the App's one installation, which covers the
// organisation and every repository the test creates.
func (s *Server) InstallationID() int64 { return s.auth.installationID }

// RevokeTokens invalidates every installation token issued so far; the next
// call with one answers 401 Bad credentials.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.tokens = map[string]time.Time{}
}

// FailTokenChecks makes the next n installation-token checks answer 401 Bad
// credentials, as GitHub sometimes does for a token it has just issued.
func (s *Server) FailTokenChecks(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.failNext = n
}

// RejectAppJWT makes every App JWT fail verification, as when the App's
// private key was rotated: GET /app and token minting answer 401.
func (s *Server) RejectAppJWT(reject bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.rejectJWT = reject
}

// SetTokenTTL sets the lifetime of the installation tokens issued from now on
// (GitHub: one hour), to test refreshing.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.tokenTTL = d
}

// authFailure is why a request was not authenticated: a 401 with GitHub's message.
type authFailure struct{ message string }

// checkJWT verifies an App JWT the way GitHub does: RS256 signed by the App's
// key, iss the App id, issued in the past, expiring in the future and at most
// ten minutes after issue. It answers the App's id: the fake's own, or one
// registered through the manifest flow, each with its own key.
func (s *Server) checkJWTLocked(h http.Header) (int64, *authFailure) {
	raw, ok := bearer(h.Get("Authorization"))
	if !ok {
		return 0, &authFailure{"A JSON web token could not be decoded"}
	}
	if s.auth.rejectJWT {
		return 0, &authFailure{"A JSON web token could not be decoded"}
	}
	claims := jwt.MapClaims{}
	var iss int64
	_, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		if tok.Method != jwt.SigningMethodRS256 {
			return nil, fmt.Errorf("unexpected signing method %v", tok.Header["alg"])
		}
		switch v := claims["iss"].(type) {
		case float64:
			iss = int64(v)
		case string:
			iss, _ = strconv.ParseInt(v, 10, 64)
		}
		if k := s.appPublicKeyLocked(iss); k != nil {
			return k, nil
		}
		return nil, fmt.Errorf("unknown issuer")
	}, jwt.WithoutClaimsValidation())
	if err != nil && iss != 0 && s.appPublicKeyLocked(iss) == nil {
		return 0, &authFailure{"'Issuer' claim ('iss') must be an Integer"}
	}
	if err != nil {
		return 0, &authFailure{"A JSON web token could not be decoded"}
	}
	now := time.Now()
	exp, expOK := claims["exp"].(float64)
	iat, iatOK := claims["iat"].(float64)
	if !expOK || time.Unix(int64(exp), 0).Before(now) {
		return 0, &authFailure{"'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"}
	}
	if !iatOK || time.Unix(int64(iat), 0).After(now.Add(time.Minute)) {
		return 0, &authFailure{"'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"}
	}
	if exp-iat > 600 {
		return 0, &authFailure{"'Expiration time' claim ('exp') is too far in the future"}
	}
	return iss, nil
}

// checkTokenLocked verifies an installation token sent as `token X` or `Bearer X`.
func (s *Server) checkTokenLocked(h http.Header) *authFailure {
	if s.auth.failNext > 0 {
		s.auth.failNext--
		return &authFailure{"Bad credentials"}
	}
	v := h.Get("Authorization")
	tok, ok := bearer(v)
	if !ok {
		tok, ok = strings.CutPrefix(v, "token ")
	}
	if !ok {
		return &authFailure{"Requires authentication"}
	}
	exp, known := s.auth.tokens[strings.TrimSpace(tok)]
	if !known || time.Now().After(exp) {
		return &authFailure{"Bad credentials"}
	}
	return nil
}

func bearer(v string) (string, bool) {
	t, ok := strings.CutPrefix(v, "Bearer ")
	if !ok {
		t, ok = strings.CutPrefix(v, "bearer ")
	}
	return strings.TrimSpace(t), ok
}

// issueTokenLocked mints an installation token like GitHub's `ghs_` tokens.
func (s *Server) issueTokenLocked() (string, time.Time) {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	tok := fmt.Sprintf("ghs_%x", b)
	exp := time.Now().Add(s.auth.tokenTTL).Truncate(time.Second)
	s.auth.tokens[tok] = exp
	return tok, exp
}

// installationPermissions is what app.yml asks for; tokens carry it.
func installationPermissions() map[string]any {
	return map[string]any{
		"checks":        "write",
		"contents":      "read",
		"issues":        "write",
		"members":       "read",
		"metadata":      "read",
		"pull_requests": "write",
	}
}
