package elastic

import (
	"bytes"
	"io"
	"testing"
)

// TestBodyReaderSlack checks that the body reports bulkSlack bytes more
// than its data when the bulk indexer sizes it, yet reads back exactly the
// data, so that bytes.Buffer.ReadFrom never has to grow a request buffer
// that the item was judged to fit in.
func TestBodyReaderSlack(t *testing.T) {
	d := &doc{data: []byte(`{"a":1}`)}
	d.body.d = d
	end, err := d.body.Seek(0, io.SeekEnd)
	if err != nil || end != int64(len(d.data))+bulkSlack {
		t.Fatalf("Seek(0, SeekEnd) = %d, %v; want %d", end, err, len(d.data)+bulkSlack)
	}
	if _, err := d.body.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	// A buffer with exactly the room the slack promises must not grow.
	const used = 100
	buf := bytes.NewBuffer(make([]byte, used, used+int(end)))
	before := cap(buf.Bytes())
	if _, err := buf.ReadFrom(&d.body); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	if got := buf.Bytes()[used:]; string(got) != `{"a":1}`+"\n" {
		t.Fatalf("read %q", got)
	}
	if cap(buf.Bytes()) != before {
		t.Fatalf("buffer grew from %d to %d bytes", before, cap(buf.Bytes()))
	}
}
