package scenario

import (
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/internal/duration"
)

// param is one declared parameter: its public description and its bounds.
type param struct {
	ParamInfo
	enum       []string      // allowed values of a "string" parameter
	lo, hi     float64       // inclusive bounds of "int" and "float" (lo == hi: none)
	dlo, dhi   time.Duration // inclusive bounds of "duration" (dhi 0: none)
	publicOnly bool          // an "ip" that must be on the internet
}

// timeSpec is a "time" parameter: an absolute time or an offset from the
// window start.
type timeSpec struct {
	abs    time.Time
	offset time.Duration
	rel    bool
}

// resolve returns the absolute time of t in a window starting at from.
func (t timeSpec) resolve(from time.Time) time.Time {
	if t.rel {
		return from.Add(t.offset)
	}
	return t.abs
}

func pStart(def string) param {
	return param{ParamInfo: ParamInfo{Name: "start", Type: "time", Doc: "when the first event happens: an RFC 3339 time or an offset from the window start (\"+14h\")", Default: def}}
}

func pInt(name, doc, def string, lo, hi int) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "int", Doc: doc, Default: def}, lo: float64(lo), hi: float64(hi)}
}

func pFloat(name, doc, def string, lo, hi float64) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "float", Doc: doc, Default: def}, lo: lo, hi: hi}
}

func pDur(name, doc, def string, lo, hi time.Duration) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "duration", Doc: doc, Default: def}, dlo: lo, dhi: hi}
}

func pEnum(name, doc, def string, values ...string) param {
	doc += " (one of " + strings.Join(values, ", ") + ")"
	return param{ParamInfo: ParamInfo{Name: name, Type: "string", Doc: doc, Default: def}, enum: values}
}

func pStr(name, doc, def string) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "string", Doc: doc, Default: def}}
}

func pBool(name, doc, def string) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "bool", Doc: doc, Default: def}}
}

func pIP(name, doc, def string, public bool) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "ip", Doc: doc, Default: def}, publicOnly: public}
}

func pCountry(name, doc, def string) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "country", Doc: doc, Default: def}}
}

func pUser(name, doc, def string) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "user", Doc: doc, Default: def}}
}

func pHost(name, doc, def string) param {
	return param{ParamInfo: ParamInfo{Name: name, Type: "host", Doc: doc, Default: def}}
}

// Validate checks a scenario's parameters without generating it: the id,
// every name (an unknown one gets "did you mean"), every value's type and
// bounds. It returns all problems, each an *UnknownError or *ParamError.
// Checks that need the organisation or the window (that a user exists, that
// start lies in the window) happen in Generate.
func Validate(id string, params map[string]any) []error {
	s, err := lookupSpec(id)
	if err != nil {
		return []error{err}
	}
	_, errs := parseAll(s, params)
	return errs
}

// parseAll parses every parameter of s, in name order.
func parseAll(s *spec, params map[string]any) (map[string]any, []error) {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	vals := map[string]any{}
	var errs []error
	for _, name := range names {
		p, ok := s.param(name)
		if !ok {
			errs = append(errs, &ParamError{Scenario: s.info.ID, Param: name, Msg: "unknown parameter" + didYouMean(name, s.paramNames())})
			continue
		}
		v, err := parseParam(p, params[name])
		if err != nil {
			errs = append(errs, &ParamError{Scenario: s.info.ID, Param: name, Msg: err.Error()})
			continue
		}
		vals[name] = v
	}
	return vals, errs
}

func (s *spec) param(name string) (param, bool) {
	for _, p := range s.params {
		if p.Name == name {
			return p, true
		}
	}
	return param{}, false
}

func (s *spec) paramNames() []string {
	out := make([]string, len(s.params))
	for i, p := range s.params {
		out[i] = p.Name
	}
	return out
}

// parseParam turns a YAML value into the parameter's Go type: timeSpec,
// time.Duration, int, float64, string, bool, netip.Addr or *org.Country.
func parseParam(p param, v any) (any, error) {
	switch p.Type {
	case "time":
		return parseTime(v)
	case "duration":
		return parseDuration(p, v)
	case "int":
		return parseInt(p, v)
	case "float":
		return parseFloat(p, v)
	case "string":
		return parseString(p, v)
	case "bool":
		return parseBool(v)
	case "ip":
		return parseIP(p, v)
	case "country":
		return parseCountry(v)
	case "user", "host":
		return parseName(p.Type, v)
	}
	return nil, fmt.Errorf("parameter of unknown type %q", p.Type)
}

// show describes a bad value in an error message.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"}

func parseTime(v any) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return timeSpec{abs: x.UTC()}, nil
	case string:
		s := strings.TrimSpace(x)
		if d, err := duration.Parse(s); err == nil {
			if d < 0 {
				return nil, fmt.Errorf("offset %q is before the window start: use an offset of 0 or more", x)
			}
			return timeSpec{offset: d, rel: true}, nil
		}
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return timeSpec{abs: t.UTC()}, nil
			}
		}
	}
	return nil, fmt.Errorf("want an RFC 3339 time (\"2026-03-02T14:00:00Z\") or an offset from the window start (\"+14h\"), got %s", show(v))
}

func parseDuration(p param, v any) (any, error) {
	var d time.Duration
	switch x := v.(type) {
	case time.Duration:
		d = x
	case string:
		var err error
		if d, err = duration.Parse(x); err != nil {
			return nil, fmt.Errorf("want a duration like \"90s\", \"5m\" or \"2h30m\", got %s", show(v))
		}
	default:
		return nil, fmt.Errorf("want a duration like \"90s\", \"5m\" or \"2h30m\" (with its unit), got %s", show(v))
	}
	if d < p.dlo || (p.dhi > 0 && d > p.dhi) {
		return nil, fmt.Errorf("%s is out of range: want %s to %s", d, p.dlo, p.dhi)
	}
	return d, nil
}

func parseInt(p param, v any) (any, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case int32:
		n = int64(x)
	case uint64:
		if x > math.MaxInt32 {
			return nil, fmt.Errorf("%d is out of range: want %g to %g", x, p.lo, p.hi)
		}
		n = int64(x)
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.Abs(x) > 1e15 {
			return nil, fmt.Errorf("want a whole number, got %s", show(v))
		}
		n = int64(x)
	case string:
		var err error
		if n, err = strconv.ParseInt(strings.TrimSpace(x), 10, 64); err != nil {
			return nil, fmt.Errorf("want a whole number, got %s", show(v))
		}
	default:
		return nil, fmt.Errorf("want a whole number, got %s", show(v))
	}
	if p.lo != p.hi && (float64(n) < p.lo || float64(n) > p.hi) {
		return nil, fmt.Errorf("%d is out of range: want %g to %g", n, p.lo, p.hi)
	}
	return int(n), nil
}

func parseFloat(p param, v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(x), 64); err != nil {
			return nil, fmt.Errorf("want a number, got %s", show(v))
		}
	default:
		return nil, fmt.Errorf("want a number, got %s", show(v))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || (p.lo != p.hi && (f < p.lo || f > p.hi)) {
		return nil, fmt.Errorf("%g is out of range: want %g to %g", f, p.lo, p.hi)
	}
	return f, nil
}

func parseString(p param, v any) (any, error) {
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("want a non-empty string, got %s", show(v))
	}
	s = strings.TrimSpace(s)
	if len(p.enum) == 0 {
		return s, nil
	}
	for _, e := range p.enum {
		if strings.EqualFold(e, s) {
			return e, nil
		}
	}
	return nil, fmt.Errorf("%q is not allowed%s", s, didYouMean(strings.ToLower(s), p.enum))
}

func parseBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "on":
			return true, nil
		case "false", "no", "off":
			return false, nil
		}
	}
	return nil, fmt.Errorf("want true or false, got %s", show(v))
}

func parseIP(p param, v any) (any, error) {
	var ip netip.Addr
	switch x := v.(type) {
	case netip.Addr:
		ip = x
	case string:
		var err error
		if ip, err = netip.ParseAddr(strings.TrimSpace(x)); err != nil {
			return nil, fmt.Errorf("want an IP address like \"203.0.113.7\", got %s", show(v))
		}
	default:
		return nil, fmt.Errorf("want an IP address like \"203.0.113.7\", got %s", show(v))
	}
	ip = ip.Unmap()
	if !ip.Is4() {
		return nil, fmt.Errorf("want an IPv4 address, got %s", ip)
	}
	if p.publicOnly && org.IsInternal(ip) {
		return nil, fmt.Errorf("%s is an internal address: want a public one (soclab uses 198.18.0.0/15, 203.0.113.0/24, 192.0.2.0/24)", ip)
	}
	return ip, nil
}

func parseCountry(v any) (any, error) {
	s, _ := v.(string)
	iso := strings.ToUpper(strings.TrimSpace(s))
	if c := org.CountryByISO(iso); c != nil && s != "" {
		return c, nil
	}
	var known []string
	for _, c := range org.Countries {
		if len(known) == 0 || known[len(known)-1] != c.ISO {
			known = append(known, c.ISO)
		}
	}
	if _, ok := v.(string); !ok {
		return nil, fmt.Errorf("want an ISO 3166 country code like \"RU\", got %s", show(v))
	}
	return nil, fmt.Errorf("unknown country %q: want one of %s", s, strings.Join(known, ", "))
}

func parseName(kind string, v any) (any, error) {
	s, ok := v.(string)
	s = strings.TrimSpace(s)
	if !ok || s == "" || strings.ContainsAny(s, " \t\r\n\"") {
		return nil, fmt.Errorf("want the name of a %s of the organisation, got %s", kind, show(v))
	}
	return s, nil
}
