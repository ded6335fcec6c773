package console

import (
	"fmt"
	"strings"
	"time"

	"github.com/soclab/soclab/query"
)

// PivotWindow is how far around an alert "same source" looks.
const PivotWindow = 15 * time.Minute

// Pivot is one click from an alert to Discover: a KQL query and its time
// range.
type Pivot struct {
	Label string `json:"label"`
	KQL   string `json:"kql"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// pivots are an alert's "same source ±15 min", "same user" and "same host"
// searches, their values taken from the alert's entity first, then from its
// evidence events.
func pivots(a *Alert, evidence *query.Result) []Pivot {
	vals := entityValues(a.Entity)
	for _, f := range []string{"source.ip", "user.name", "host.name"} {
		if vals[f] == "" {
			vals[f] = firstString(evidence, f)
		}
	}
	var out []Pivot
	if ip := vals["source.ip"]; ip != "" {
		from, to := window(a)
		out = append(out, Pivot{Label: "same source ±15 min", KQL: kqlTerm("source.ip", ip),
			From: from.Add(-PivotWindow).Format(time.RFC3339), To: to.Add(PivotWindow).Format(time.RFC3339)})
	}
	if u := vals["user.name"]; u != "" {
		out = append(out, Pivot{Label: "same user", KQL: kqlTerm("user.name", u)})
	}
	if h := vals["host.name"]; h != "" {
		out = append(out, Pivot{Label: "same host", KQL: kqlTerm("host.name", h)})
	}
	return out
}

func entityValues(entity string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(entity, ", ") {
		if k, v, ok := strings.Cut(part, "="); ok {
			out[k] = v
		}
	}
	return out
}

// firstString is the first string value of column key in the result.
func firstString(res *query.Result, key string) string {
	col := -1
	for i, c := range res.Columns {
		if c.Name == key {
			col = i
		}
	}
	if col < 0 {
		return ""
	}
	for _, row := range res.Values {
		v := row[col]
		if l, ok := v.([]any); ok && len(l) > 0 {
			v = l[0]
		}
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func window(a *Alert) (time.Time, time.Time) {
	start, err1 := time.Parse(time.RFC3339Nano, a.Start)
	end, err2 := time.Parse(time.RFC3339Nano, a.End)
	at, _ := time.Parse(time.RFC3339Nano, a.Time)
	if err1 != nil {
		start = at
	}
	if err2 != nil {
		end = at
	}
	return start.UTC().Truncate(time.Second), end.UTC().Truncate(time.Second).Add(time.Second)
}

// kqlTerm is field: "value", the value quoted for KQL.
func kqlTerm(field, value string) string {
	return fmt.Sprintf("%s: %q", field, value)
}
