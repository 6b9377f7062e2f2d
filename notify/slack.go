package notify

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// titles are the emoji and headline of each known kind.
var titles = map[string]struct{ emoji, title string }{
	KindSecretFound:     {":rotating_light:", "Secret found"},
	KindForbiddenFile:   {":no_entry:", "Forbidden file"},
	KindReviewRequested: {":eyes:", "InfoSec review requested"},
	KindOverrideUsed:    {":warning:", "Security override used"},
	KindOverrideRefused: {":no_entry_sign:", "Security override refused"},
	KindConfigError:     {":x:", "Invalid .security.yml on a default branch"},
}

// maxWhat caps What, in characters, after redaction.
const maxWhat = 500

// payload is Slack's incoming-webhook message: text is the fallback shown in
// notifications and by Slack-compatible receivers that ignore blocks.
type payload struct {
	Text   string  `json:"text"`
	Blocks []block `json:"blocks"`
}

type block struct {
	Type string   `json:"type"`
	Text textSpan `json:"text"`
}

type textSpan struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// payloadFor renders e. Every piece of it is escaped for mrkdwn, because
// file paths, branch names and logins come from whoever opened the pull
// request, and "<!channel>" in a path must not ping a channel.
func payloadFor(e Event) ([]byte, error) {
	t, ok := titles[e.Kind]
	if !ok {
		t = struct{ emoji, title string }{":bell:", "Gatehouse: " + e.Kind}
	}
	what := escape(capRunes(Redact(e.What), maxWhat))
	where := escape(e.Repo)
	if e.PR > 0 {
		where += "#" + strconv.Itoa(e.PR)
	}
	text := fmt.Sprintf("%s %s in %s", t.emoji, escape(t.title), where)
	if what != "" {
		text += ": " + what
	}
	if link := safeLink(e.Link); link != "" {
		where = "<" + link + "|" + where + ">"
	}
	var md strings.Builder
	fmt.Fprintf(&md, "*%s %s*\n", t.emoji, escape(t.title))
	if what != "" {
		md.WriteString(what + "\n")
	}
	md.WriteString(where)
	if e.Actor != "" {
		md.WriteString(" · by " + escape(e.Actor))
	}
	b, err := json.Marshal(payload{Text: text, Blocks: []block{{Type: "section", Text: textSpan{Type: "mrkdwn", Text: md.String()}}}})
	if err != nil {
		return nil, fmt.Errorf("failed to encode the notification: %w", err)
	}
	return b, nil
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escape(s string) string { return mrkdwnEscaper.Replace(s) }

// safeLink returns an http(s) link escaped for Slack's <url|label> syntax,
// or "" when there is none worth linking.
func safeLink(raw string) string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return strings.ReplaceAll(escape(u.String()), "|", "%7C")
}

func capRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
