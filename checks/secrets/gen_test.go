package secrets

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// The secrets below are generated at run time, from pieces, so that the
// repository itself holds nothing a secret scanner (or GitHub push
// protection) would flag.

const (
	base62    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	upperB32  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b64url    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b64std    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	digits    = "0123456789"
	hexDigits = "0123456789abcdef"
)

// gen makes secrets and decoys deterministically from a seed.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (g *gen) str(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.IntN(256))
	}
	return b
}

// githubClassic is a classic personal access token in GitHub's real format:
// 30 random base62 characters and a base62 CRC32 checksum of them.
func (g *gen) githubClassic() string {
	body := g.str(base62, 30)
	return "gh" + "p_" + body + crc32Base62(body)
}

func crc32Base62(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	out := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		out[i] = base62[n%62]
		n /= 62
	}
	return string(out)
}

func (g *gen) githubFineGrained() string {
	return "github" + "_pat_" + "11" + g.str(base62, 20) + "_" + g.str(base62, 59)
}

func (g *gen) awsKeyID() string     { return "AK" + "IA" + g.str(upperB32, 16) }
func (g *gen) awsSecretKey() string { return g.str(b64std, 40) }
func (g *gen) slackBot() string {
	return "xo" + "xb-" + g.str(digits, 12) + "-" + g.str(digits, 13) + "-" + g.str(base62, 24)
}
func (g *gen) stripe() string    { return "sk" + "_live_" + g.str(base62, 24) }
func (g *gen) googleAPI() string { return "AI" + "za" + g.str(b64url, 35) }
func (g *gen) gitlab() string    { return "gl" + "pat-" + g.str(base62, 20) }
func (g *gen) npm() string       { return "np" + "m_" + g.str(base62, 36) }
func (g *gen) shopify() string   { return "shp" + "at_" + g.str(hexDigits, 32) }
func (g *gen) digitalOcean() string {
	return "dop" + "_v1_" + g.str(hexDigits, 64)
}
func (g *gen) linear() string { return "lin" + "_api_" + g.str(base62, 40) }
func (g *gen) postman() string {
	return "PM" + "AK-" + g.str(hexDigits, 24) + "-" + g.str(hexDigits, 34)
}
func (g *gen) sendgrid() string {
	return "SG" + "." + g.str(base62, 22) + "." + g.str(base62, 43)
}
func (g *gen) doppler() string { return "dp" + ".pt." + g.str(base62, 43) }

func (g *gen) jwt() string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%s","name":"user %s","iat":%d}`, g.str(digits, 10), g.str(base62, 8), 1700000000+g.r.IntN(1e7))))
	return header + "." + payload + "." + g.str(b64url, 43)
}

// password is a password with punctuation, the kind gitleaks' generic rule misses.
func (g *gen) password() string {
	return g.str("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + g.str("!#%&*+", 1) + g.str("abcdefghijkmnopqrstuvwxyz", 5) + g.str(digits, 2) + g.str("!#%&*+", 1) + g.str("abcdefghijkmnopqrstuvwxyz", 3)
}

// openSSHKey is an OpenSSH private key block with a random body.
func (g *gen) openSSHKey() string {
	body := "b3BlbnNzaC1rZXktdjEAAAAA" + base64.StdEncoding.EncodeToString(g.bytes(300))
	return pemBlock("OPENSSH PRIVATE KEY", body)
}

var (
	keysOnce       sync.Once
	rsaPEM, ecPEM  string
	errKeyGenerate error
)

// realKeys generates one RSA and one EC private key per test binary; RSA key
// generation is too slow to repeat.
func realKeys(t testing.TB) (rsaKey, ecKey string) {
	t.Helper()
	keysOnce.Do(func() {
		rk, err := rsa.GenerateKey(crand.Reader, 1024)
		if err != nil {
			errKeyGenerate = err
			return
		}
		rsaPEM = string(pem.EncodeToMemory(&pem.Block{Type: "RSA " + "PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)}))
		ek, err := ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
		if err != nil {
			errKeyGenerate = err
			return
		}
		der, err := x509.MarshalECPrivateKey(ek)
		if err != nil {
			errKeyGenerate = err
			return
		}
		ecPEM = string(pem.EncodeToMemory(&pem.Block{Type: "EC " + "PRIVATE KEY", Bytes: der}))
	})
	if errKeyGenerate != nil {
		t.Fatalf("generating keys: %v", errKeyGenerate)
	}
	return strings.TrimSpace(rsaPEM), strings.TrimSpace(ecPEM)
}

func pemBlock(kind, body string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + kind + "-----\n")
	for len(body) > 70 {
		b.WriteString(body[:70] + "\n")
		body = body[70:]
	}
	b.WriteString(body + "\n-----END " + kind + "-----")
	return b.String()
}

// Decoys: values that look random but are not secrets.

func (g *gen) sha256Hex() string { return g.str(hexDigits, 64) }
func (g *gen) sha1Hex() string   { return g.str(hexDigits, 40) }
func (g *gen) uuid() string {
	h := g.str(hexDigits, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}
func (g *gen) integrity() string {
	return "sha512-" + base64.StdEncoding.EncodeToString(g.bytes(64))
}
func (g *gen) goSumLine() string {
	mod := "github.com/" + g.str("abcdefghijklmnopqrstuvwxyz", 6) + "/" + g.str("abcdefghijklmnopqrstuvwxyz", 5)
	ver := fmt.Sprintf("v%d.%d.%d", g.r.IntN(3), g.r.IntN(20), g.r.IntN(10))
	return mod + " " + ver + " h1:" + base64.StdEncoding.EncodeToString(g.bytes(32))
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// lines returns between min and min+spread-1 lines made by pieces: each
// by one of the first two (filler), or one time in odds by one of the rest.
func (g *gen) lines(pieces []func() string, min, spread, odds int) []string {
	var out []string
	for n := min + g.r.IntN(spread); n > 0; n-- {
		p := g.r.IntN(2)
		if g.r.IntN(odds) == 0 {
			p = 2 + g.r.IntN(len(pieces)-2)
		}
		out = append(out, pieces[p]())
	}
	return out
}
