package labs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/seedkey"
)

// PickKinds are what a lab's picks: may draw, so that several scenarios
// act on the same account or machine (the phished user's workstation is
// where the lateral movement starts).
var PickKinds = []string{
	"person", "admin", "traveller", // accounts with a workstation
	"service",                                                                           // a service account
	"workstation", "windows_server", "linux_server", "file_server", "domain_controller", // machines
}

// pickRef is the prefix of a parameter value that names a pick: "$victim".
const pickRef = "$"

// refName returns the pick a parameter value names, or "".
func refName(v any) string {
	s, ok := v.(string)
	if !ok || !strings.HasPrefix(s, pickRef) {
		return ""
	}
	return strings.TrimPrefix(s, pickRef)
}

// picked is one drawn pick: an account (and its workstation) or a machine.
type picked struct {
	user *org.User
	host *org.Host
}

// drawPicks draws every pick of lab from o, in name order, never the same
// account or machine twice. The same lab, seed and organisation give the
// same picks.
func drawPicks(lab *Lab, seed int64, o *org.Org) (map[string]picked, error) {
	r := seedkey.New(seed).Rand("labs/picks\x00" + lab.ID)
	used := map[any]bool{}
	out := map[string]picked{}
	for _, name := range sortedKeys(lab.Picks) {
		kind := lab.Picks[name]
		p, ok := drawOne(r, kind, o, used)
		if !ok {
			return nil, fmt.Errorf("lab %s: pick %q: the organisation has no %s left to draw", lab.ID, name, kind)
		}
		out[name] = p
	}
	return out, nil
}

func drawOne(r *rand.Rand, kind string, o *org.Org, used map[any]bool) (picked, bool) {
	var users []*org.User
	var hosts []*org.Host
	switch kind {
	case "person", "admin", "traveller", "service":
		for _, u := range o.Users {
			if !used[u] && userIs(u, kind) {
				users = append(users, u)
			}
		}
	default:
		for _, h := range o.Hosts {
			if !used[h] && hostIs(h, kind) {
				hosts = append(hosts, h)
			}
		}
	}
	switch {
	case len(users) > 0:
		u := users[r.IntN(len(users))]
		used[u] = true
		return picked{user: u, host: u.Workstation}, true
	case len(hosts) > 0:
		h := hosts[r.IntN(len(hosts))]
		used[h] = true
		return picked{host: h}, true
	}
	return picked{}, false
}

func userIs(u *org.User, kind string) bool {
	switch kind {
	case "person":
		return u.Role == org.RoleUser && u.Workstation != nil
	case "admin":
		return u.Role == org.RoleAdmin && u.Workstation != nil
	case "traveller":
		return u.Traveller && u.Workstation != nil
	}
	return u.Role == org.RoleService
}

func hostIs(h *org.Host, kind string) bool {
	switch kind {
	case "workstation":
		return h.Role == org.HostWorkstation
	case "windows_server":
		return h.OS == "windows" && h.Role != org.HostWorkstation
	case "linux_server":
		return h.Role == org.HostLinux
	case "file_server":
		return h.Role == org.HostFile
	}
	return h.Role == org.HostDC
}

// pickIsAccount reports whether a pick kind draws an account.
func pickIsAccount(kind string) bool {
	return slices.Contains([]string{"person", "admin", "traveller", "service"}, kind)
}

// resolveRefs replaces "$pick" parameter values: a "user" parameter gets
// the account's login, a "host" parameter the machine (or the account's
// workstation). types maps parameter names to their catalogue types.
func resolveRefs(params map[string]any, types map[string]string, picks map[string]picked) error {
	for _, k := range sortedKeys(params) {
		name := refName(params[k])
		if name == "" {
			continue
		}
		p, ok := picks[name]
		if !ok {
			return fmt.Errorf("parameter %q: no pick %q", k, name)
		}
		switch {
		case types[k] == "user" && p.user != nil:
			params[k] = p.user.Name
		case types[k] == "host" && p.host != nil:
			params[k] = p.host.Name
		default:
			return fmt.Errorf("parameter %q: pick %q cannot fill a %s parameter", k, name, types[k])
		}
	}
	return nil
}
