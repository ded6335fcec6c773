package labs

// The vocabulary lab files and answer keys share: the verdicts of an alert,
// the severities, and the recommended actions a report must contain.

// Verdicts of an alert.
const (
	TruePositive   = "true_positive"
	FalsePositive  = "false_positive"
	BenignPositive = "benign_positive"
	// NoiseVerdict is what the grader expects of ordinary noise: a false
	// or a benign positive, either right. It is never written in a key.
	NoiseVerdict = "false_or_benign_positive"
)

// Severities, lowest first.
var Severities = []string{"low", "medium", "high", "critical"}

// SeverityRank is the index of s in Severities (0 for low), or -1 for a
// word that is not a severity.
func SeverityRank(s string) int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return -1
}

// ActionGroup is one recommended action a report must contain, matched when
// any of its synonyms appears ("block the ip", "deny at the firewall").
type ActionGroup struct {
	ID       string   `json:"id"`
	Synonyms []string `json:"synonyms"`
}
