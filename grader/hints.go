package grader

import (
	"strings"
)

// hint is a paraphrase of something in the key that tells a trainee what
// kind of thing is missing without giving its value or time.
type hint struct {
	code  string // stable across seeds
	words []string
	text  string
	// also are further words by which a timeline row describes this kind
	// of moment (the key's own wording is in words).
	also []string
}

// milestoneHints classify a milestone's "what", first match wins, and say
// by which words a timeline row describes it.
var milestoneHints = []hint{
	{"lateral-movement", []string{"lateral", "smb", "rdp", "winrm", "remote logon", "psexec", "another host", "second host", "ssh from", "pivot", "hop to", "moved to", "explicit credentials"}, "the attacker's move to another host",
		[]string{"remote", "ssh", "hop", "move", "logon to", "logged on to", "log on to", "logs on to", "runas", "credential", "spread"}},
	{"exfiltration", []string{"exfil", "upload", "transfer", "bytes out", "outbound"}, "the data leaving the network",
		[]string{"sent", "send", "data", "leav", "left the", "copied", "put ", "post ", "file host", "file-sharing", "file sharing", "cloud", "gb", "mb"}},
	{"initial-access", []string{"success", "accepted", "got in", "first login", "valid login", "compromise"}, "the moment the attacker first got in",
		[]string{"logged in", "logs in", "log in", "login", "logon", "signed in", "signs in", "sign-in", "sign in", "access", "authenticat", "breach"}},
	{"c2", []string{"beacon", "c2", "command and control", "command-and-control", "callback", "check-in"}, "the first contact with the command-and-control server",
		[]string{"check in", "checkin", "call home", "calls home", "implant", "poll", "periodic", "c&c"}},
	{"tunnel", []string{"tunnel", "txt", "encoded"}, "the start of the DNS tunnel",
		[]string{"dns", "subdomain", "query", "queries", "lookup"}},
	{"download", []string{"download", "payload", "dropped"}, "the malicious download",
		[]string{"file", ".iso", ".exe", "executable", "fetched", "retriev", "saved"}},
	{"delivery", []string{"click", "phish", "lure", "email", "e-mail"}, "the user opening the phishing lure",
		[]string{"link", "mail", "opened", "visit"}},
	{"impossible-travel", []string{"travel", "second location", "country", "geo", "sign-in from"}, "the sign-in from the second location",
		[]string{"location", "abroad", "foreign", "from a", "sign in from", "signed in from", "login from", "logon from", "vpn"}},
	{"account-created", []string{"account created", "new account", "created", "4720"}, "the creation of the new account",
		[]string{"create", "new user", "added account"}},
	{"privilege", []string{"group", "admin", "privilege", "4728", "4732"}, "the privilege change",
		[]string{"added to", "adds", "member", "elevat", "escalat"}},
	{"discovery", []string{"scan", "sweep", "probe", "discovery", "open port"}, "the scanning",
		[]string{"port", "nmap", "recon", "mapping", "enumerat"}},
	{"attack-start", []string{"fail", "first attempt", "brute", "spray", "guess", "start", "began", "begin"}, "the start of the attack",
		[]string{"attempt", "first", "invalid", "wrong password", "password"}},
	{"attack-end", []string{"last", " end", "ended", "stop", "logout", "log off", "logged off", "closed", "disconnect"}, "the end of the attacker's activity",
		[]string{"end", "finish", "ceas", "quit", "exit", "terminat", "final"}},
	{"execution", []string{"command", "execut", "shell", "session", "process"}, "what the attacker did once inside",
		[]string{"ran ", "run ", "runs ", "whoami", "id ", "uname", "sudo"}},
}

// scenarioHints name the kind of moment a milestone is when its own words
// say nothing: the stage its scenario stands for.
var scenarioHints = map[string]string{
	"ssh-bruteforce":       "attack-start",
	"password-spray":       "attack-start",
	"c2-beacon":            "c2",
	"phishing-download":    "delivery",
	"lateral-movement":     "lateral-movement",
	"data-exfil":           "exfiltration",
	"dns-tunnel":           "tunnel",
	"port-scan":            "discovery",
	"impossible-travel":    "impossible-travel",
	"account-manipulation": "privilege",
}

// hintByCode returns the milestone hint with code, and whether there is one.
func hintByCode(code string) (hint, bool) {
	for _, h := range milestoneHints {
		if h.code == code {
			return h, true
		}
	}
	return hint{}, false
}

// describes reports whether a timeline row's text names the kind of moment
// h stands for.
func (h hint) describes(row string) bool {
	row = strings.ToLower(row)
	for _, w := range h.words {
		if strings.Contains(row, w) {
			return true
		}
	}
	for _, w := range h.also {
		if strings.Contains(row, w) {
			return true
		}
	}
	return false
}

// classify returns the first hint whose words appear in s, or fallback.
func classify(hints []hint, s string, fallback hint) hint {
	s = strings.ToLower(s)
	for _, h := range hints {
		for _, w := range h.words {
			if strings.Contains(s, w) {
				return h
			}
		}
	}
	return fallback
}
