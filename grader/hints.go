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
}

// milestoneHints classify a milestone's "what", first match wins.
var milestoneHints = []hint{
	{"lateral-movement", []string{"lateral", "smb", "rdp", "winrm", "remote logon", "psexec", "another host", "second host", "ssh from", "pivot", "hop to", "moved to"}, "the attacker's move to another host"},
	{"exfiltration", []string{"exfil", "upload", "transfer", "bytes out", "outbound"}, "the data leaving the network"},
	{"initial-access", []string{"success", "accepted", "got in", "first login", "valid login", "compromise"}, "the moment the attacker first got in"},
	{"c2", []string{"beacon", "c2", "command and control", "command-and-control", "callback"}, "the first contact with the command-and-control server"},
	{"tunnel", []string{"tunnel", "txt", "dns"}, "the start of the DNS tunnel"},
	{"download", []string{"download", "payload", "dropped"}, "the malicious download"},
	{"delivery", []string{"click", "phish", "lure", "email", "e-mail"}, "the user opening the phishing lure"},
	{"impossible-travel", []string{"travel", "second location", "country", "geo"}, "the sign-in from the second location"},
	{"account-created", []string{"account created", "new account", "created", "4720"}, "the creation of the new account"},
	{"privilege", []string{"group", "admin", "privilege", "4728", "4732"}, "the privilege change"},
	{"discovery", []string{"scan", "sweep", "probe", "discovery"}, "the scanning"},
	{"attack-start", []string{"fail", "first attempt", "brute", "spray", "guess", "start", "began", "begin"}, "the start of the attack"},
	{"attack-end", []string{"last", " end", "ended", "stop", "logout", "log off", "logged off", "closed", "disconnect"}, "the end of the attacker's activity"},
	{"execution", []string{"command", "execut", "shell", "session", "process"}, "what the attacker did once inside"},
}

// actionHints classify a recommended action by its id and synonyms.
var actionHints = []hint{
	{"isolate-host", []string{"isolat", "quarantin", "contain host", "disconnect"}, "containing the affected host"},
	{"block", []string{"block", "deny", "firewall", "blacklist", "sinkhole", "null route", "drop"}, "stopping the attacker at the network edge"},
	{"disable-account", []string{"disable", "suspend", "lock the account", "deactivate"}, "cutting the attacker off from the account"},
	{"reset-credentials", []string{"reset", "password", "credential", "rotate", "revoke", "lock out"}, "securing the compromised account's credentials"},
	{"mfa", []string{"mfa", "2fa", "multi-factor", "multi factor", "two-factor"}, "strengthening authentication"},
	{"remove", []string{"remove", "delete", "clean"}, "removing what the attacker left or created"},
	{"reimage", []string{"reimage", "rebuild", "restore", "wipe"}, "bringing the host back to a known good state"},
	{"harden", []string{"patch", "harden", "update", "upgrade", "configur"}, "hardening the system"},
	{"monitor", []string{"monitor", "hunt", "watch", "review", "search"}, "follow-up monitoring and hunting"},
	{"notify", []string{"notify", "inform", "report", "contact"}, "informing the right people"},
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
