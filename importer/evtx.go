package importer

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/importer/internal/evtx"
)

// evtx.go reads Windows event log files (.evtx) with importer/internal/evtx
// and maps the Security audit records soclab generates (telemetry.Windows)
// to the same events; every other record is skipped with its reason. A
// file that is not EVTX, or is damaged, is an error naming the chunk, the
// record and the file offset.

// securityProvider is the provider of the Security log's audit records.
const securityProvider = "Microsoft-Windows-Security-Auditing"

func readEVTX(r io.Reader, b *batch) error {
	er := evtx.NewReader(r)
	for {
		rec, err := er.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, evtx.ErrFormat) {
			return &FormatError{File: b.file, Err: err}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", b.file, err)
		}
		b.read++
		w, reason := parseWinEvent(rec)
		if reason != "" {
			b.skipAt(fmt.Sprintf("%s record %d", b.file, rec.ID), reason)
			continue
		}
		b.add(w.time, &evtxRecord{ev: w, w: w.windows()})
	}
}

// winEvent is what soclab reads of a record: its System values and its
// EventData in order.
type winEvent struct {
	code                                        int
	channel, provider, guid, computer, recordID string
	keywords                                    uint64
	pid, tid                                    int64
	time                                        time.Time
	data                                        []*evtx.Element // <Data Name=...>
}

// parseWinEvent reads rec's System and EventData, or gives the reason it
// is not a Security record soclab maps.
func parseWinEvent(rec *evtx.Record) (*winEvent, string) {
	sys := rec.Event.Child("System")
	if rec.Event.Name != "Event" || sys == nil {
		return nil, "record without Event/System"
	}
	w := &winEvent{
		channel:  sys.ChildText("Channel"),
		provider: sys.Child("Provider").Attr("Name"),
		guid:     strings.ToLower(sys.Child("Provider").Attr("Guid")),
		computer: sys.ChildText("Computer"),
		recordID: sys.ChildText("EventRecordID"),
		time:     rec.Written,
	}
	if w.channel != "Security" {
		return nil, fmt.Sprintf("channel %s, not Security", orDash(w.channel))
	}
	if w.provider != securityProvider {
		return nil, fmt.Sprintf("provider %s, not %s", orDash(w.provider), securityProvider)
	}
	code, err := strconv.Atoi(sys.ChildText("EventID"))
	if err != nil || !telemetry.IsWinCode(code) {
		return nil, fmt.Sprintf("Security event %s, not one soclab maps", orDash(sys.ChildText("EventID")))
	}
	w.code = code
	if t, err := time.Parse(time.RFC3339Nano, sys.Child("TimeCreated").Attr("SystemTime")); err == nil {
		w.time = t
	}
	if w.recordID == "" {
		w.recordID = strconv.FormatUint(rec.ID, 10)
	}
	w.keywords, _ = strconv.ParseUint(strings.TrimPrefix(sys.ChildText("Keywords"), "0x"), 16, 64)
	w.pid, _ = strconv.ParseInt(sys.Child("Execution").Attr("ProcessID"), 10, 64)
	w.tid, _ = strconv.ParseInt(sys.Child("Execution").Attr("ThreadID"), 10, 64)
	for _, d := range rec.Event.Child("EventData").Children {
		if d.Name == "Data" && dataKey(d.Attr("Name")) {
			w.data = append(w.data, d)
		}
	}
	return w, ""
}

// dataKey says whether an EventData name can be a field name as it is
// (letters, digits, underscores), as every name of the events soclab maps
// is.
func dataKey(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// get is the text of the EventData value name; "" when it is absent or
// Windows' "-" placeholder.
func (w *winEvent) get(name string) string {
	for _, d := range w.data {
		if d.Attr("Name") == name {
			if d.Text == "-" {
				return ""
			}
			return d.Text
		}
	}
	return ""
}
