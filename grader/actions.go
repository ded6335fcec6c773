package grader

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// actionKind is a kind of recommended action, known by its verbs and its
// objects: "isolate ws-0001", "put the laptop in network containment" and
// "quarantine the host" all ask for containment of a host.
type actionKind struct {
	// ids are words of a lab's action id that name this kind.
	ids  []string
	text string // a paraphrase for feedback, which never quotes the key
	// verbs and objects are words, stemmed when the table is built; a
	// recommendation needs one of each in one clause (objects alone when
	// verbs is empty). entities adds the instance's own values as objects.
	verbs, objects []string
	entities       func(*instance.Key) []string
}

func keyHosts(k *instance.Key) []string { return k.Report.Hosts }
func keyUsers(k *instance.Key) []string {
	out := slices.Clone(k.Report.Users)
	for _, i := range k.Report.IOCs {
		if i.Type == "user" {
			out = append(out, i.Value)
		}
	}
	return out
}
func keyNetwork(k *instance.Key) []string {
	var out []string
	for _, i := range k.Report.IOCs {
		if i.Type != "user" && i.Type != "host" {
			out = append(out, i.Value)
		}
	}
	return out
}

// actionKinds, most specific first: a lab action takes the first kind
// whose id words appear in its id.
var actionKinds = stemKinds([]actionKind{
	{ids: []string{"mfa", "factor"}, text: "strengthening authentication",
		objects: []string{"mfa", "2fa", "multi-factor", "multifactor", "two-factor", "authenticator", "otp", "fido"}},
	{ids: []string{"revoke", "session", "token", "terminate"}, text: "ending the attacker's open sessions",
		verbs:   []string{"revoke", "terminate", "kill", "invalidate", "end", "expire", "close", "log", "sign", "reset"},
		objects: []string{"session", "token", "cookie", "out", "off"}},
	{ids: []string{"group", "privilege"}, text: "taking back the privileges the attacker granted",
		verbs:   []string{"remove", "revoke", "strip", "drop", "delete", "take", "revert", "roll"},
		objects: []string{"group", "membership", "admin", "admins", "administrator", "privilege", "right", "role"}},
	{ids: []string{"reset", "credential", "password", "rotate", "secure"}, text: "securing the compromised account's credentials",
		verbs:   []string{"reset", "rotate", "change", "expire", "renew", "invalidate", "revoke", "force"},
		objects: []string{"password", "credential", "secret", "key", "passphrase", "login", "account"}, entities: keyUsers},
	{ids: []string{"disable", "suspend", "lock"}, text: "cutting the attacker off from the account",
		verbs:   []string{"disable", "suspend", "lock", "deactivate", "deprovision", "block", "delete", "remove"},
		objects: []string{"account", "user", "login", "identity", "accounts"}, entities: keyUsers},
	{ids: []string{"isolat", "contain", "quarantin"}, text: "containing the affected host",
		verbs:   []string{"isolate", "quarantine", "contain", "containment", "disconnect", "segregate", "segment", "unplug", "cut"},
		objects: []string{"host", "workstation", "machine", "endpoint", "laptop", "computer", "device", "server", "system", "pc", "network", "box"}, entities: keyHosts},
	{ids: []string{"block", "sinkhole", "deny", "c2", "destination", "source"}, text: "stopping the attacker at the network edge",
		verbs:   []string{"block", "deny", "blacklist", "blocklist", "sinkhole", "ban", "drop", "filter", "blackhole", "null-route"},
		objects: []string{"ip", "address", "domain", "url", "c2", "source", "destination", "traffic", "range", "sender", "site", "proxy", "firewall", "dns", "server", "host"}, entities: keyNetwork},
	{ids: []string{"reimage", "rebuild", "wipe", "forensic"}, text: "bringing the host back to a known good state",
		verbs:   []string{"reimage", "re-image", "rebuild", "wipe", "reinstall", "restore", "image", "capture", "acquire"},
		objects: []string{"host", "workstation", "machine", "endpoint", "laptop", "disk", "memory", "image", "system", "ram"}, entities: keyHosts},
	{ids: []string{"hunt", "scope", "sweep"}, text: "looking for the attacker elsewhere",
		verbs:   []string{"hunt", "search", "check", "look", "sweep", "scope", "query", "review"},
		objects: []string{"other", "others", "fleet", "environment", "network", "estate", "endpoints", "hosts", "machines", "ioc", "iocs", "indicator", "indicators", "rest"}},
	{ids: []string{"assess", "data"}, text: "finding out what data left",
		verbs:   []string{"assess", "determine", "identify", "review", "establish", "check", "investigate", "find", "evaluate", "quantify"},
		objects: []string{"data", "file", "files", "information", "loss", "volume", "content", "contents", "sent", "exfiltrated", "stolen"}},
	{ids: []string{"review", "audit", "changes"}, text: "reviewing what the attacker did",
		verbs:   []string{"review", "investigate", "check", "examine", "audit", "analyse", "analyze", "inspect", "look"},
		objects: []string{"session", "command", "commands", "history", "change", "changes", "activity", "log", "logs", "event", "events", "action", "actions", "bash", "did"}},
	{ids: []string{"malware", "scan"}, text: "checking the host for malware",
		verbs:   []string{"scan", "check", "analyse", "analyze", "run", "sweep", "examine"},
		objects: []string{"malware", "antivirus", "av", "edr", "virus", "infection", "implant"}, entities: keyHosts},
	{ids: []string{"notify", "contact", "inform", "owner", "user"}, text: "informing the right people",
		verbs:   []string{"notify", "inform", "escalate", "contact", "alert", "tell", "report", "call", "involve", "ask", "confirm", "verify", "reach"},
		objects: []string{"dpo", "legal", "management", "manager", "team", "owner", "user", "privacy", "incident", "response", "ciso", "employee", "hr", "person", "data", "protection", "authority", "regulator", "csirt", "l2", "colleague"}, entities: keyUsers},
})

// stemKinds stems the kinds' word lists once.
func stemKinds(kinds []actionKind) []actionKind {
	for i := range kinds {
		kinds[i].verbs = stemAll(kinds[i].verbs)
		kinds[i].objects = stemAll(kinds[i].objects)
	}
	return kinds
}

func stemAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stemWord(w)
	}
	return out
}

// kindOf returns the kind of a lab's action: by the words of its id, first
// word first ("review-session" is a review, "revoke-sessions" ends
// sessions), else none (ok false: only the synonyms can match it).
func kindOf(a labs.ActionGroup) (actionKind, bool) {
	for _, part := range strings.FieldsFunc(strings.ToLower(a.ID), func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		for _, k := range actionKinds {
			for _, w := range k.ids {
				if strings.HasPrefix(part, w) {
					return k, true
				}
			}
		}
	}
	return actionKind{}, false
}

// tokens returns the words of lower-case text: a letter or digit, then
// letters, digits, apostrophes, underscores and hyphens.
func tokens(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		c := byte(0)
		if i < len(text) {
			c = text[i]
		}
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		switch {
		case start < 0 && alnum:
			start = i
		case start >= 0 && !alnum && c != '\'' && c != '_' && c != '-':
			out = append(out, text[start:i])
			start = -1
		}
	}
	return out
}

// clauseBreaks split a sentence into clauses that may say opposite things:
// "reset the password but do not disable the account".
var clauseBreaks = []string{" but ", " instead ", " rather than ", " however "}

// splitClauses splits lower-case text into lines, sentences (a period
// followed by a space or the end, so that addresses and domains stay
// whole) and clauses.
func splitClauses(text string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' || r == '!' || r == '?' }) {
		for _, sentence := range strings.Split(line+" ", ". ") {
			parts := []string{sentence}
			for _, br := range clauseBreaks {
				var next []string
				for _, p := range parts {
					next = append(next, strings.Split(p, br)...)
				}
				parts = next
			}
			out = append(out, parts...)
		}
	}
	return out
}

// stemCache memoises stems: the same few thousand words recur in every
// submission. It stops growing at stemCacheMax entries, so hostile text
// cannot grow it without bound.
var (
	stemCache     sync.Map
	stemCacheSize atomic.Int64
)

const stemCacheMax = 1 << 16

// stemWord is the English Snowball stem of a lower-case word.
func stemWord(w string) string {
	if v, ok := stemCache.Load(w); ok {
		return v.(string)
	}
	st := english.Stem(w, true)
	if len(w) <= 32 && stemCacheSize.Load() < stemCacheMax {
		if _, loaded := stemCache.LoadOrStore(w, st); !loaded {
			stemCacheSize.Add(1)
		}
	}
	return st
}

// negators mark a clause that recommends not doing something.
var negators = []string{"not", "no", "never", "don't", "dont", "doesn't", "without", "avoid", "unnecessary", "needn't", "shouldn't", "mustn't", "neither", "nor", "cannot", "can't", "won't"}

// clause is one clause of a recommendation: its words and their stems.
type clause struct {
	text  string
	words []string
	stems []string
}

// clauses splits text into clauses (lines, sentences, "but ..." parts).
func clauses(text string) []clause {
	var out []clause
	for _, c := range splitClauses(strings.ToLower(report.Refang(text))) {
		words := tokens(c)
		if len(words) == 0 {
			continue
		}
		cl := clause{text: c, words: words, stems: make([]string, len(words))}
		for i, w := range words {
			cl.stems[i] = stemWord(strings.Trim(w, "'-_"))
		}
		out = append(out, cl)
	}
	return out
}

// negatedBefore reports whether a negation stands before word i.
func (c clause) negatedBefore(i int) bool {
	for _, w := range c.words[:i] {
		if slices.Contains(negators, w) {
			return true
		}
	}
	return false
}

// asks reports whether the clause asks for an action of kind k (ok false:
// it has none) on key's instance: one of the action's synonym phrases
// (stemmed), or a verb
// and an object of the kind, with no negation before them.
func (c clause) asks(key *instance.Key, phrases [][]string, k actionKind, ok bool) bool {
	for _, phrase := range phrases {
		if at := c.phraseAt(phrase); at >= 0 && !c.negatedBefore(at) {
			return true
		}
	}
	if !ok {
		return false
	}
	verb := -1
	if len(k.verbs) == 0 {
		verb = len(c.stems)
	}
	for i, s := range c.stems {
		if slices.Contains(k.verbs, s) {
			verb = i
			break
		}
	}
	if verb < 0 || c.negatedBefore(min(verb, len(c.words))) {
		return false
	}
	for i, s := range c.stems {
		if i != verb && slices.Contains(k.objects, s) {
			return true
		}
	}
	if k.entities != nil {
		for _, v := range k.entities(key) {
			if v != "" && report.ContainsHost(c.text, strings.ToLower(v)) {
				return true
			}
		}
	}
	return false
}

// phraseCache memoises synonym stems: a cohort grades the same lab's
// synonyms for every trainee. Lab files bound its size.
var phraseCache sync.Map // string → []string

// synonymStems returns the stems of each of an action's synonyms.
func synonymStems(a labs.ActionGroup) [][]string {
	out := make([][]string, 0, len(a.Synonyms))
	for _, syn := range a.Synonyms {
		if v, ok := phraseCache.Load(syn); ok {
			if st := v.([]string); len(st) > 0 {
				out = append(out, st)
			}
			continue
		}
		var st []string
		if phrase := clauses(syn); len(phrase) > 0 {
			st = phrase[0].stems
			out = append(out, st)
		}
		phraseCache.Store(syn, st)
	}
	return out
}

// maxPhraseGap is how many words may stand between two words of a synonym
// phrase: "disable the svc-ldap account" says "disable the account".
const maxPhraseGap = 2

// phraseAt returns where the stems of a phrase start in the clause, in
// order with at most maxPhraseGap other words between two of them; -1 when
// they do not.
func (c clause) phraseAt(phrase []string) int {
	for start := range c.stems {
		if c.stems[start] != phrase[0] {
			continue
		}
		at, ok := start, true
		for _, p := range phrase[1:] {
			next := -1
			for j := at + 1; j < len(c.stems) && j <= at+1+maxPhraseGap; j++ {
				if c.stems[j] == p {
					next = j
					break
				}
			}
			if next < 0 {
				ok = false
				break
			}
			at = next
		}
		if ok {
			return start
		}
	}
	return -1
}

// matcher is one lab action ready to match clauses: its kind and the
// stems of its synonyms, worked out once.
type matcher struct {
	key     *instance.Key
	kind    actionKind
	hasKind bool
	phrases [][]string
}

func newMatcher(key *instance.Key, a labs.ActionGroup) matcher {
	k, ok := kindOf(a)
	return matcher{key: key, kind: k, hasKind: ok, phrases: synonymStems(a)}
}

// in reports whether any of the clauses asks for the action.
func (m matcher) in(cls []clause) bool {
	return slices.ContainsFunc(cls, func(c clause) bool { return c.asks(m.key, m.phrases, m.kind, m.hasKind) })
}

// textBut returns the report's text outside one section.
func textBut(r *report.Report, id report.SectionID) string {
	var b strings.Builder
	b.WriteString(r.Other.Text())
	for sid, s := range r.Sections {
		if sid != id {
			b.WriteString(s.Text())
		}
	}
	return b.String()
}

func scoreActions(key *instance.Key, sub *Submission) result {
	res := result{applicable: len(key.Report.Actions) > 0}
	if !res.applicable {
		return res
	}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	section := clauses(sub.Report.Text(report.Recommendations))
	elsewhere := clauses(textBut(sub.Report, report.Recommendations))
	credit := 0.0
	for i, a := range key.Report.Actions {
		m := newMatcher(key, a)
		text := fmt.Sprintf("one more step (%d of %d)", i+1, len(key.Report.Actions))
		if m.hasKind {
			text = m.kind.text
		}
		miss := Miss{"action:" + a.ID, "did not recommend " + a.ID}
		switch {
		case m.in(section):
			credit++
		case m.in(elsewhere):
			credit += 0.5
			res.say(fmt.Sprintf("recommendations: you mention %s, but not under Recommendations", text), miss)
		default:
			res.say(fmt.Sprintf("recommendations: no action about %s", text), miss)
		}
	}
	res.frac = credit / float64(len(key.Report.Actions))
	return res
}
