package secrets

import "testing"

func TestIsModuleChecksum(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"golang.org/x/oauth2 v0.30.0 h1:dnDm7JmhM45NNpd8FDDeLhK6FwqbOf4MLCM9zb1BOHI=", true},
		{"github.com/getkin/kin-openapi v0.153.0/go.mod h1:Qo4qWW+Pj8o90LUTE6MDyG5TJAtWnfvrcWOBcWg7eBw=", true},
		{`auth_token = "dnDm7JmhM45NNpd8FDDeLhK6FwqbOf4MLCM9zb1BOHI="`, false},
		{"golang.org/x/oauth2 v0.30.0 h1:dnDm7JmhM45NNpd8FDDeLhK6FwqbOf4MLCM9zb1BOHI= api_key=abc", false},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			if got := isModuleChecksum(c.line); got != c.want {
				t.Errorf("isModuleChecksum = %v, want %v", got, c.want)
			}
		})
	}
}
