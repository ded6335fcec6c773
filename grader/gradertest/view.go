package gradertest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// View is what a submission template may use of an instance: the key
// (what an analyst who did the work would have found), the alerts as the
// workspace shows them (what an analyst who read only the alerts has), and
// optionally another instance of the same lab (for a copied submission).
// Templates written over a View survive changes to the generator.
type View struct {
	Lab        string
	Day        string // the window's first day, 2006-01-02
	Alerts     []AlertView
	IOCs       []truth.IOC
	Decoys     []truth.IOC
	Users      []string
	Hosts      []string
	Milestones []MilestoneView
	Report     instance.ReportKey
	Techniques string // the report's expected techniques, comma-separated
	// Stages are the attack's scenario ids, in the order they began.
	Stages []string
	// AlertIPs, AlertUsers and AlertHosts are every entity the alerts name.
	AlertIPs, AlertUsers, AlertHosts []string
	Other                            *View
}

// AlertView is one alert with its expected triage and what it shows.
type AlertView struct {
	instance.AlertKey
	Attack, Decoy, Noise bool
	// RuleTags are the techniques the rule carries, as the alert shows them.
	RuleTags string
	Start    string // 2006-01-02 15:04:05
	IPs      []string
	Users    []string
	Hosts    []string
}

// MilestoneView is one milestone, with the analyst's own wording of it.
type MilestoneView struct {
	Date, Time, Clock string // 2006-01-02, 15:04:05, 15:04
	At                string // RFC 3339
	What              string // the key's words
	Said              string // an analyst's words for the same moment
	Stage             string
	Late              string // the time an hour late (local time instead of UTC), 15:04:05
}

// NewView builds the view of key; alerts may be nil (no alert entities).
func NewView(key *instance.Key, alerts []*detectors.Alert) *View {
	v := &View{Lab: key.Lab, Day: key.Truth.From.UTC().Format("2006-01-02"), IOCs: key.Report.IOCs, Decoys: key.Report.Decoys,
		Users: key.Report.Users, Hosts: key.Report.Hosts, Report: key.Report, Techniques: strings.Join(key.Report.Techniques, ", ")}
	byID := map[string]*detectors.Alert{}
	for _, a := range alerts {
		byID[a.ID] = a
	}
	for _, a := range key.Alerts {
		av := AlertView{AlertKey: a, Attack: a.Verdict == labs.TruePositive, RuleTags: strings.Join(slices.Concat(a.Techniques, a.Accepted), ", ")}
		av.Decoy = !av.Attack && a.Scenario != ""
		av.Noise = !av.Attack && !av.Decoy
		if d := byID[a.ID]; d != nil {
			av.RuleTags = strings.Join(d.Techniques, ", ")
			av.Start = d.Start.UTC().Format("2006-01-02 15:04:05")
			av.IPs, av.Users, av.Hosts = d.Related.IP, d.Related.User, d.Related.Hosts
			v.AlertIPs = appendNew(v.AlertIPs, d.Related.IP...)
			v.AlertUsers = appendNew(v.AlertUsers, d.Related.User...)
			v.AlertHosts = appendNew(v.AlertHosts, d.Related.Hosts...)
		}
		v.Alerts = append(v.Alerts, av)
	}
	stageOf := map[truth.Milestone]string{}
	for _, s := range key.Truth.Scenarios {
		for _, m := range s.Milestones {
			stageOf[m] = s.ID
		}
	}
	for _, m := range key.Report.Milestones {
		t := m.Time.UTC()
		v.Milestones = append(v.Milestones, MilestoneView{Date: t.Format("2006-01-02"), Time: t.Format("15:04:05"), Clock: t.Format("15:04"),
			At: t.Format(time.RFC3339), What: m.What, Said: reword(m.What), Stage: stageOf[m], Late: t.Add(time.Hour).Format("15:04:05")})
		v.Stages = appendNew(v.Stages, stageOf[m])
	}
	return v
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// rewordings say a milestone the way an analyst writes a timeline row,
// not in the key's words.
var rewordings = []struct {
	re  *regexp.Regexp
	say string
}{
	{regexp.MustCompile(`^first failed login of the spray$`), "password spray begins: one password against many accounts"},
	{regexp.MustCompile(`^first failed login$`), "brute force begins, wrong passwords for many usernames"},
	{regexp.MustCompile(`^(first )?successful login( as (\S+))?$`), "attacker logs in successfully $3"},
	{regexp.MustCompile(`^ssh from (\S+) to (\S+)$`), "attacker hops from $1 to $2 over SSH"},
	{regexp.MustCompile(`^session closed$`), "attacker's session ends"},
	{regexp.MustCompile(`^first lookup of (\S+)$`), "DNS lookup of $1, first time"},
	{regexp.MustCompile(`^lookup of (\S+)$`), "DNS lookup of $1 before the upload"},
	{regexp.MustCompile(`^first check-in( to (\S+))?$`), "implant calls home for the first time $2"},
	{regexp.MustCompile(`^last check-in$`), "last beacon seen"},
	{regexp.MustCompile(`^first upload starts$`), "upload of data to the file host begins"},
	{regexp.MustCompile(`^last upload starts$`), "final upload to the file host"},
	{regexp.MustCompile(`^link clicked in email$`), "user clicks the link in the phishing email"},
	{regexp.MustCompile(`^file (\S+) downloaded$`), "payload $1 downloaded"},
	{regexp.MustCompile(`^explicit credentials of (\S+) used on (\S+)$`), "runas with $1's credentials on $2"},
	{regexp.MustCompile(`^first remote logon, on (\S+)$`), "remote logon to $1 with the stolen admin account"},
	{regexp.MustCompile(`^last remote logon, on (\S+)$`), "last remote logon, to $1"},
	{regexp.MustCompile(`^account (\S+) created by (\S+)$`), "$2 creates the account $1"},
	{regexp.MustCompile(`^(\S+) added to (.+)$`), "$1 put into $2"},
	{regexp.MustCompile(`^first logon of (\S+), on (\S+)$`), "$1 logs on to $2"},
	{regexp.MustCompile(`^sign-in from (\S+)( .*later)?$`), "login from $1"},
	{regexp.MustCompile(`^scan starts$`), "port scan begins"},
	{regexp.MustCompile(`^first open port found$`), "first open port answers the scan"},
	{regexp.MustCompile(`^scan ends$`), "scan stops"},
	{regexp.MustCompile(`^first encoded query to (\S+)$`), "first tunnelled DNS query to $1"},
	{regexp.MustCompile(`^last encoded query$`), "last tunnelled DNS query"},
}

func reword(what string) string {
	for _, r := range rewordings {
		if r.re.MatchString(what) {
			return strings.TrimSpace(r.re.ReplaceAllString(what, r.say))
		}
	}
	return what
}

// Role returns the value of the first key indicator with role, or "".
func (v *View) Role(role string) string {
	for _, i := range v.IOCs {
		if i.Role == role {
			return i.Value
		}
	}
	return ""
}

// Network returns the key indicators that are addresses, domains or URLs.
func (v *View) Network() []truth.IOC {
	var out []truth.IOC
	for _, i := range v.IOCs {
		if i.Type != "user" && i.Type != "host" {
			out = append(out, i)
		}
	}
	return out
}

// LastStage is the attack's last stage (scenario id).
func (v *View) LastStage() string {
	if len(v.Stages) == 0 {
		return ""
	}
	return v.Stages[len(v.Stages)-1]
}

// Host returns the i-th affected host, or "the host".
func (v *View) Host(i int) string {
	if i < len(v.Hosts) {
		return v.Hosts[i]
	}
	return "the host"
}

// User returns the i-th affected account, or "the account".
func (v *View) User(i int) string {
	if i < len(v.Users) {
		return v.Users[i]
	}
	return "the account"
}

// OtherAlert returns the alert of the other instance with the same rule
// title as a (the first one), for a triage copied by title.
func (v *View) OtherAlert(a AlertView) *AlertView {
	if v.Other == nil {
		return nil
	}
	for i := range v.Other.Alerts {
		if v.Other.Alerts[i].Title == a.Title {
			return &v.Other.Alerts[i]
		}
	}
	return nil
}

// Flip returns the verdict of a flipped: an attack called a false
// positive, anything else called a true positive.
func Flip(verdict string) string {
	if verdict == labs.TruePositive {
		return labs.FalsePositive
	}
	return labs.TruePositive
}

// Defang writes an address or domain the way reports do (203.0.113[.]7).
func Defang(s string) string {
	if strings.Contains(s, "://") {
		return strings.Replace(strings.Replace(s, "http", "hxxp", 1), ".", "[.]", 1)
	}
	if i := strings.LastIndex(s, "."); i > 0 && !strings.Contains(s, ":") {
		return s[:i] + "[.]" + s[i+1:]
	}
	return s
}

// Stuff returns n ATT&CK-looking technique ids, comma-separated.
func Stuff(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("T%04d", 1001+i*7)
	}
	return strings.Join(ids, ", ")
}

// Advice is how an analyst words a recommended action of the lab for this
// instance: their own words and the instance's entities, not the lab's
// synonym list.
func (v *View) Advice(a labs.ActionGroup) string {
	host, user := v.Host(0), v.User(0)
	net := v.Network()
	targets := "the attacker's addresses and domains"
	if len(net) > 0 {
		vals := make([]string, len(net))
		for i, n := range net {
			vals[i] = Defang(n.Value)
		}
		targets = strings.Join(vals, " and ")
	}
	if nu := v.Role("new_account"); nu != "" {
		user = nu
	}
	id := a.ID
	switch {
	case strings.Contains(id, "isolat"):
		return fmt.Sprintf("Isolate %s with the EDR's network containment until it is cleaned.", host)
	case strings.Contains(id, "block"):
		return fmt.Sprintf("Block %s at the perimeter firewall and the proxy.", targets)
	case strings.Contains(id, "reset"):
		return fmt.Sprintf("Reset the password of %s and rotate every credential used on the affected hosts.", v.User(0))
	case strings.Contains(id, "disable"):
		return fmt.Sprintf("Disable %s until its owner confirms what happened.", user)
	case strings.Contains(id, "session"):
		return fmt.Sprintf("Terminate every open VPN and SSO session of %s.", v.User(0))
	case strings.Contains(id, "mfa"):
		return "Require MFA for every remote sign-in."
	case strings.Contains(id, "group"):
		return fmt.Sprintf("Take %s out of Domain Admins.", user)
	case strings.Contains(id, "reimage"):
		return fmt.Sprintf("Take a forensic image of %s, then rebuild it from a clean image.", host)
	case strings.Contains(id, "hunt"):
		return fmt.Sprintf("Search the other workstations for traffic to %s.", targets)
	case strings.Contains(id, "assess"):
		return "Work out which files were uploaded and how much data left."
	case strings.Contains(id, "notify"):
		return "Inform the DPO and management: this is a major incident."
	case strings.Contains(id, "contact"):
		return fmt.Sprintf("Call the owner of %s to ask whether the activity was theirs.", host)
	case strings.Contains(id, "review"):
		return fmt.Sprintf("Audit every command and change made from %s's account during the incident.", v.User(0))
	case strings.Contains(id, "malware"):
		return fmt.Sprintf("Run a full EDR malware scan on %s.", host)
	}
	return "Follow the runbook for " + strings.ReplaceAll(id, "-", " ") + "."
}
