package labs

import (
	"bytes"
	"os"
	"testing"

	"github.com/soclab/soclab/importer"
)

// TestRecordedExampleIsItsImport keeps the bundled recorded lab's events
// what soclab import makes of its auth.log today (soclab import --from
// sshd auth.log --year 2026): when the importer or the event shapes change,
// go test ./labs -run TestRecordedExampleIsItsImport -update rewrites them,
// and the lab's validation then says whether its truth file still holds.
func TestRecordedExampleIsItsImport(t *testing.T) {
	const dir = "bundled/recorded-bastion-101/"
	var got bytes.Buffer
	if _, err := importer.Import(importer.SSHD, []string{dir + "auth.log"}, importer.Options{Year: 2026}, &got); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(dir+"auth.ndjson", got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(dir + "auth.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%sauth.ndjson is not today's import of auth.log: run go test ./labs -run TestRecordedExampleIsItsImport -update", dir)
	}
}
