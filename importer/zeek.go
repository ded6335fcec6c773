package importer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/telemetry"
)

// zeek.go reads Zeek's conn, dns, http and ssl logs, as TSV (with their
// #fields header) or as JSON lines, and maps them to soclab's flow, DNS
// and proxy records: zeek.connection and zeek.dns, with the log's uid,
// conn_state, history and missed_bytes kept in their zeek.* fields as
// Elastic's Zeek integration keeps them. An ssl record names the server of its connection: its
// server_name becomes the destination.domain of the conn record with the
// same uid (import both logs together).

// zeekRec is one Zeek record, field by name; "-" and "(empty)" are absent.
type zeekRec map[string]string

func (z zeekRec) num(k string) int64 {
	n, _ := strconv.ParseInt(z[k], 10, 64)
	return n
}

func readZeek(r *bufio.Reader, base string, b *batch) error {
	var fields []string
	path := zeekPathOf(base)
	sep, unset, empty := "\t", "-", "(empty)"
	rec := zeekRec{} // one map for every record: mapZeek keeps none
	return lines(r, b.file, func(n int, line string) error {
		if line == "" {
			return nil
		}
		if strings.HasPrefix(line, "#") {
			key, val, _ := strings.Cut(line[1:], sepOr(sep, line))
			switch key {
			case "separator":
				if s, err := strconv.Unquote(`"` + strings.TrimSpace(val) + `"`); err == nil && s != "" {
					sep = s
				}
			case "path":
				path = val
			case "fields":
				fields = strings.Split(val, sep)
			case "unset_field":
				unset = val
			case "empty_field":
				empty = val
			}
			return nil
		}
		b.read++
		clear(rec)
		if line[0] == '{' {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				return &FormatError{File: b.file, Line: n, Err: fmt.Errorf("not a Zeek JSON record: %v", err)}
			}
			for k, v := range m {
				rec[k] = jsonText(v)
			}
		} else {
			if fields == nil {
				return &FormatError{File: b.file, Line: n, Err: fmt.Errorf("record before the #fields header: not a Zeek TSV log")}
			}
			vals := strings.Split(line, sep)
			if len(vals) != len(fields) {
				return &FormatError{File: b.file, Line: n, Err: fmt.Errorf("%d fields where #fields names %d", len(vals), len(fields))}
			}
			for i, v := range vals {
				if v != unset && v != empty {
					rec[fields[i]] = v
				}
			}
		}
		p := path
		if p == "" {
			p = sniffZeek(rec)
		}
		return mapZeek(p, rec, n, b)
	})
}

func sepOr(sep, line string) string {
	if strings.HasPrefix(line, "#separator") {
		return " "
	}
	return sep
}

// zeekPathOf guesses a log's kind from its file name ("conn.log",
// "dns.00:00:00-01:00:00.log.gz", "conn.json").
func zeekPathOf(base string) string {
	for _, p := range []string{"conn", "dns", "http", "ssl"} {
		if strings.HasPrefix(base, p+".") || strings.HasPrefix(base, p+"_") {
			return p
		}
	}
	return ""
}

// sniffZeek guesses a JSON record's kind from its fields.
func sniffZeek(r zeekRec) string {
	switch {
	case r["_path"] != "":
		return r["_path"]
	case r["query"] != "" || r["rcode_name"] != "":
		return "dns"
	case r["method"] != "" || r["status_code"] != "":
		return "http"
	case r["server_name"] != "" || r["cipher"] != "":
		return "ssl"
	case r["conn_state"] != "" || r["proto"] != "":
		return "conn"
	}
	return ""
}

func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = jsonText(p)
		}
		return strings.Join(parts, ",")
	}
	return ""
}

// zeekTime parses ts: epoch seconds with a fraction, or RFC 3339.
func zeekTime(s string) (time.Time, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000).UTC(), true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

func zeekConn(r zeekRec) (telemetry.Conn, bool) {
	src, err1 := netip.ParseAddr(r["id.orig_h"])
	dst, err2 := netip.ParseAddr(r["id.resp_h"])
	if err1 != nil || err2 != nil {
		return telemetry.Conn{}, false
	}
	proto := r["proto"]
	if proto == "" {
		proto = "tcp"
	}
	return telemetry.Conn{SrcIP: src, SrcPort: atoi(r["id.orig_p"]), DstIP: dst, DstPort: atoi(r["id.resp_p"]), Transport: proto}, true
}

func mapZeek(path string, r zeekRec, n int, b *batch) error {
	t, ok := zeekTime(r["ts"])
	if !ok {
		b.skip(n, "zeek record without a valid ts")
		return nil
	}
	c, ok := zeekConn(r)
	if !ok {
		b.skip(n, "zeek record without valid id.orig_h/id.resp_h")
		return nil
	}
	switch path {
	case "conn":
		f := &telemetry.Flow{Conn: c, Protocol: firstOf(r["service"]), SrcBytes: r.num("orig_ip_bytes"), SrcPackets: r.num("orig_pkts"),
			DstBytes: r.num("resp_ip_bytes"), DstPackets: r.num("resp_pkts"), State: zeekState(r["conn_state"]), Direction: direction(c, r),
			UID: r["uid"], ConnState: r["conn_state"], History: r["history"], MissedBytes: r.num("missed_bytes")}
		if d, err := strconv.ParseFloat(r["duration"], 64); err == nil {
			f.Duration = time.Duration(d * float64(time.Second))
		}
		e := b.add(t, f)
		if uid := r["uid"]; uid != "" {
			b.byUID(uid, e)
		}
	case "dns":
		if r["query"] == "" {
			b.skip(n, "dns record without a query")
			return nil
		}
		d := &telemetry.DNS{Conn: c, ID: uint16(r.num("trans_id")), Name: r["query"], QType: orDefault(r["qtype_name"], "A"), RCode: orDefault(r["rcode_name"], "NOERROR"),
			UID: r["uid"]}
		answers, ttls := splitList(r["answers"]), splitList(r["TTLs"])
		for i, a := range answers {
			ans := telemetry.DNSAnswer{Name: d.Name, Type: answerType(a, d.QType), Data: a}
			if i < len(ttls) {
				f, _ := strconv.ParseFloat(ttls[i], 64)
				ans.TTL = int(f)
			}
			d.Answers = append(d.Answers, ans)
		}
		b.add(t, d)
	case "http":
		if r["method"] == "" {
			b.skip(n, "http record without a request")
			return nil
		}
		host := orDefault(r["host"], c.DstIP.String())
		uri := orDefault(r["uri"], "/")
		p, q, _ := strings.Cut(uri, "?")
		pr := &telemetry.Proxy{Conn: c, Method: r["method"], Scheme: "http", Host: host, Path: p, Query: q, Status: int(r.num("status_code")),
			ReqBytes: r.num("request_body_len"), RespBytes: r.num("response_body_len"), MIME: firstOf(r["resp_mime_types"]), UserAgent: r["user_agent"], Referrer: r["referrer"]}
		b.add(t, pr)
	case "ssl":
		if sni := r["server_name"]; sni != "" {
			b.sni(r["uid"], sni, n)
			return nil
		}
		b.skip(n, "ssl record without server_name")
	default:
		b.skip(n, "zeek log of a kind soclab does not map ("+orDefault(path, "unknown")+")")
	}
	return nil
}

func zeekState(s string) string {
	switch s {
	case "REJ", "RSTOS0", "RSTRH":
		return "rejected"
	case "S0", "SH", "SHR", "OTH":
		return "no_reply"
	}
	return "established"
}

// direction is the conn record's local_orig and local_resp as a
// network.direction; a log without them goes by private addresses.
func direction(c telemetry.Conn, r zeekRec) string {
	lo, lr := r["local_orig"], r["local_resp"]
	if lo == "" {
		return flowDirection(c)
	}
	isT := func(s string) bool { return s == "T" || s == "true" }
	return telemetry.Direction(isT(lo), isT(lr))
}

// flowDirection is a connection's network.direction as its addresses
// show it: private addresses are local.
func flowDirection(c telemetry.Conn) string {
	return telemetry.Direction(c.SrcIP.IsPrivate(), c.DstIP.IsPrivate())
}

func answerType(a, qtype string) string {
	if ip, err := netip.ParseAddr(a); err == nil {
		if ip.Is4() {
			return "A"
		}
		return "AAAA"
	}
	if qtype == "TXT" || qtype == "MX" {
		return qtype
	}
	return "CNAME"
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func firstOf(s string) string {
	f, _, _ := strings.Cut(s, ",")
	return f
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
