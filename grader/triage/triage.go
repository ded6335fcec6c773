package triage

import (
	"regexp"
	"strings"
)

// MaxSize is the largest triage file Parse accepts (1 MiB).
const MaxSize = 1 << 20

// MaxErrors is the most problems Parse lists one by one; the rest are
// counted in one last line.
const MaxErrors = 50

// Verdicts and severities a triage entry may take (the values of labs).
var (
	Verdicts   = []string{"true_positive", "false_positive", "benign_positive"}
	Severities = []string{"low", "medium", "high", "critical"}
)

// InfoFields are alert fields the workspace template may carry for the
// trainee's information (the rule, its title, ...). Parse accepts and ignores
// them; any other unknown field is an error.
var InfoFields = []string{"rule", "rule_id", "title", "level", "time", "timestamp", "first_seen", "last_seen", "entity", "count", "events", "summary"}

// techniqueRE is an ATT&CK technique or sub-technique id.
var techniqueRE = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// Triage is a parsed triage file.
type Triage struct {
	Analyst string
	Alerts  []Alert
	index   map[string]int // alert id → index in Alerts, made by Parse
}

// Alert is the triage of one alert. Fields the trainee left empty are zero:
// "" for Verdict and Severity, nil for Escalate.
type Alert struct {
	ID         string
	Verdict    string   // one of Verdicts, or ""
	Severity   string   // one of Severities, or ""
	Techniques []string // upper-case, de-duplicated, in file order
	Escalate   *bool
	Note       string
	Line       int // line of the entry in the file
}

// Empty reports whether the trainee decided nothing about the alert.
func (a *Alert) Empty() bool {
	return a.Verdict == "" && a.Severity == "" && len(a.Techniques) == 0 && a.Escalate == nil
}

// ByID returns the entry for alert id, or nil.
func (t *Triage) ByID(id string) *Alert {
	if t.index != nil {
		if i, ok := t.index[id]; ok && i < len(t.Alerts) && t.Alerts[i].ID == id {
			return &t.Alerts[i]
		}
		return nil
	}
	for i := range t.Alerts {
		if t.Alerts[i].ID == id {
			return &t.Alerts[i]
		}
	}
	return nil
}

// normalizeWord lower-cases s and turns spaces and hyphens into underscores,
// so that "True Positive" reads as "true_positive".
func normalizeWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// validTechnique reports whether s (upper-cased) is an ATT&CK id.
func validTechnique(s string) bool { return techniqueRE.MatchString(s) }
