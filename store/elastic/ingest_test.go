package elastic

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

func writeNDJSON(t *testing.T, events []*event.Event, extra string) string {
	t.Helper()
	var b strings.Builder
	for _, e := range events {
		b.Write(event.Marshal(e))
		b.WriteByte('\n')
	}
	b.WriteString(extra)
	p := filepath.Join(t.TempDir(), "events.ndjson")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestFile(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	path := writeNDJSON(t, append(sampleEvents(120), alertEvent("a1")), "")
	st, err := IngestFile(context.Background(), c, path, fastIndexer(t, "cohort-1"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Sent != 121 || st.Indexed != 121 || fake.Total() != 121 {
		t.Errorf("stats %+v, stored %d", st, fake.Total())
	}
	// A second load into the same namespace finds the same documents.
	st, err = IngestFile(context.Background(), c, path, fastIndexer(t, "cohort-1"))
	if err != nil || st.Existing != 120 {
		t.Errorf("re-run: %+v, %v", st, err)
	}
}

func TestIngestFileBadLine(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	path := writeNDJSON(t, sampleEvents(5), "{\"a\": \n")
	st, err := IngestFile(context.Background(), c, path, fastIndexer(t, "t1"))
	var le *event.LineError
	if !errors.As(err, &le) || le.Line != 6 || !strings.Contains(err.Error(), "events.ndjson:6") {
		t.Fatalf("err = %v", err)
	}
	if st.Sent != 5 || st.Indexed != 5 {
		t.Errorf("what came before the bad line is not accounted for: %+v", st)
	}
}

func TestIngestFileMissing(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	if _, err := IngestFile(context.Background(), c, "/nonexistent/x.ndjson", fastIndexer(t, "t1")); err == nil || !strings.Contains(err.Error(), "x.ndjson") {
		t.Errorf("err = %v", err)
	}
}
