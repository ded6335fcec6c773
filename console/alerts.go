package console

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// AlertsFile is the workspace file the alert queue is read from.
const AlertsFile = "alerts.ndjson"

// Alert is one row of the alert queue: what the SIEM raised, with the
// trainee's triage state from triage.yaml.
type Alert struct {
	ID         string   `json:"id"`
	Time       string   `json:"time"`
	Start      string   `json:"start,omitempty"`
	End        string   `json:"end,omitempty"`
	Rule       string   `json:"rule"`
	RuleID     string   `json:"rule_id,omitempty"`
	Level      string   `json:"level"`
	Entity     string   `json:"entity"`
	Message    string   `json:"message,omitempty"`
	Techniques []string `json:"techniques,omitempty"`
	EventIDs   []string `json:"event_ids"`
	// Triage is "new" (nothing decided), "partial" (some fields) or "done"
	// (verdict and severity set), read from triage.yaml.
	Triage string `json:"triage"`
	// Decision is the alert's entry in triage.yaml.
	Decision *Decision `json:"decision,omitempty"`
}

// rawAlert is the part of an alert document the queue shows.
type rawAlert struct {
	Timestamp string `json:"@timestamp"`
	Message   string `json:"message"`
	Event     struct {
		ID    string `json:"id"`
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"event"`
	Rule struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"rule"`
	Soclab struct {
		Alert struct {
			Level    string         `json:"level"`
			EventIDs []string       `json:"event_ids"`
			GroupBy  map[string]any `json:"group_by"`
		} `json:"alert"`
	} `json:"soclab"`
	Threat struct {
		Technique struct {
			ID []string `json:"id"`
		} `json:"technique"`
	} `json:"threat"`
}

// readAlerts reads the workspace's alerts.ndjson in file order.
func readAlerts(dir string) ([]Alert, error) {
	path := filepath.Join(dir, AlertsFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("alert queue: %w", err)
	}
	defer f.Close()
	var out []Alert
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var r rawAlert
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, r.alert())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

func (r *rawAlert) alert() Alert {
	ids := r.Soclab.Alert.EventIDs
	if ids == nil {
		ids = []string{}
	}
	return Alert{
		ID: r.Event.ID, Time: r.Timestamp, Start: r.Event.Start, End: r.Event.End,
		Rule: r.Rule.Name, RuleID: r.Rule.ID, Level: r.Soclab.Alert.Level,
		Entity: entity(r.Soclab.Alert.GroupBy), Message: r.Message,
		Techniques: r.Threat.Technique.ID, EventIDs: ids,
	}
}

// entity flattens an alert's group_by object into "field=value, ...".
func entity(groupBy map[string]any) string {
	flat := map[string]string{}
	flatten("", groupBy, flat)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + flat[k]
	}
	return strings.Join(parts, ", ")
}

func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, e, out)
		}
	case nil:
	default:
		out[prefix] = fmt.Sprint(x)
	}
}
