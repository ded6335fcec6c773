package importer

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/soclab/soclab/generator/stream"
)

// idPrefix is how much of an input keys its event ids: enough to tell
// real recordings apart (their first lines differ in time, host or
// process id), little enough to cost a fraction of a percent of an import.
const idPrefix = 64 << 10

// ids keys the event ids of an import by what it reads, so that two
// different recordings never number their events alike (a workspace or a
// recorded lab that holds both would have duplicate event.id values),
// while the same recording, imported again, gets the same ids.
//
// Each input's ids come from a generator of their own, keyed by a chain:
// the key of the input before it, the format, the options that change
// its events (an sshd log's year and time zone) and a SHA-256 of its
// first idPrefix bytes (as read, after decompression). The chain keeps an
// input listed twice in one import apart; the content, not the file's
// name, is what counts, so two copies of a log in different folders get
// the same ids, and a log read from standard input the same as from its
// file.
type ids struct {
	chain [sha256.Size]byte
	gens  []*stream.IDGen
}

// next starts the ids of the next input, of format f read through r
// (peeked at, not consumed), and returns the index of its generator.
func (s *ids) next(f Format, opts Options, r *bufio.Reader) (int32, error) {
	prefix, err := r.Peek(idPrefix)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, err
	}
	h := sha256.New()
	h.Write(s.chain[:])
	h.Write([]byte(f))
	if f == SSHD {
		fmt.Fprintf(h, "\x00%d\x00%s", opts.Year, opts.Location)
	}
	h.Write([]byte{0})
	h.Write(prefix)
	h.Sum(s.chain[:0])
	s.gens = append(s.gens, stream.NewIDGen(0, "import\x00"+hex.EncodeToString(s.chain[:])))
	return int32(len(s.gens) - 1), nil
}

// id returns the next id of input i.
func (s *ids) id(i int32) string { return s.gens[i].Next() }
