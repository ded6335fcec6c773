package detectors

import (
	"sort"
	"strings"
)

// tactics maps a Sigma tactic tag (attack.credential_access or, as Sigma 2
// writes it, attack.credential-access) to the ATT&CK tactic's id and name.
var tactics = map[string][2]string{
	"reconnaissance":       {"TA0043", "Reconnaissance"},
	"resource_development": {"TA0042", "Resource Development"},
	"initial_access":       {"TA0001", "Initial Access"},
	"execution":            {"TA0002", "Execution"},
	"persistence":          {"TA0003", "Persistence"},
	"privilege_escalation": {"TA0004", "Privilege Escalation"},
	"defense_evasion":      {"TA0005", "Defense Evasion"},
	"credential_access":    {"TA0006", "Credential Access"},
	"discovery":            {"TA0007", "Discovery"},
	"lateral_movement":     {"TA0008", "Lateral Movement"},
	"collection":           {"TA0009", "Collection"},
	"command_and_control":  {"TA0011", "Command and Control"},
	"exfiltration":         {"TA0010", "Exfiltration"},
	"impact":               {"TA0040", "Impact"},
}

// attackTags extracts ATT&CK technique ids (T1110.001) and tactics (id and
// name) from a rule's tags, each sorted and without repeats.
func attackTags(tags []string) (techniques, tacticIDs, tacticNames []string) {
	seenT, seenA := map[string]bool{}, map[string]bool{}
	type tac struct{ id, name string }
	var tacs []tac
	for _, tag := range tags {
		rest, ok := strings.CutPrefix(strings.ToLower(tag), "attack.")
		if !ok {
			continue
		}
		if isTechnique(rest) {
			id := strings.ToUpper(rest)
			if !seenT[id] {
				seenT[id] = true
				techniques = append(techniques, id)
			}
			continue
		}
		if t, ok := tactics[strings.ReplaceAll(rest, "-", "_")]; ok && !seenA[t[0]] {
			seenA[t[0]] = true
			tacs = append(tacs, tac{t[0], t[1]})
		}
	}
	sort.Strings(techniques)
	sort.Slice(tacs, func(i, j int) bool { return tacs[i].id < tacs[j].id })
	for _, t := range tacs {
		tacticIDs = append(tacticIDs, t.id)
		tacticNames = append(tacticNames, t.name)
	}
	return techniques, tacticIDs, tacticNames
}

// isTechnique reports whether s looks like t1234 or t1234.001.
func isTechnique(s string) bool {
	if len(s) < 5 || s[0] != 't' {
		return false
	}
	main, sub, hasSub := strings.Cut(s[1:], ".")
	return len(main) == 4 && digits(main) && (!hasSub || len(sub) == 3 && digits(sub))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// IsTactic reports whether a tag (attack.credential_access) names a known
// ATT&CK tactic.
func IsTactic(tag string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(tag), "attack.")
	_, known := tactics[strings.ReplaceAll(rest, "-", "_")]
	return ok && known
}

// IsTechnique reports whether a tag (attack.t1110.001) names an ATT&CK
// technique or sub-technique.
func IsTechnique(tag string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(tag), "attack.")
	return ok && isTechnique(rest)
}

// Severity is event.severity for a Sigma level, on Elastic's risk scale.
func Severity(level string) int64 {
	switch level {
	case "low":
		return 21
	case "medium":
		return 47
	case "high":
		return 73
	case "critical":
		return 99
	}
	return 1 // informational
}
