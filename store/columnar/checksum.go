package columnar

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// A store is read in place (mapped, without decoding copies), so a flipped
// bit would otherwise become a wrong number in a trainee's answer, and a
// manifest edited to say "double" over a keyword chunk made the query engine
// index past a slice. Every chunk therefore carries a CRC-32C (hardware
// accelerated: a few GB/s) checked before it is decoded, the manifest
// carries one of its own content, and a chunk whose type the manifest's
// type cannot hold is refused. All of these fail with ErrCorrupt.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func chunkSum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// damagedf returns "store damaged: <message>", matching ErrCorrupt.
func damagedf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// manifestSum is the checksum of a manifest: the CRC-32C of its compact
// JSON with Sum empty. Reading then marshalling a manifest gives the same
// bytes (fixed field order, sorted map keys), so the reader recomputes it.
func manifestSum(m manifest) (uint32, error) {
	m.Sum = 0
	b, err := json.Marshal(m)
	if err != nil {
		return 0, err
	}
	return chunkSum(b), nil
}

// holds reports whether a column of manifest type m can hold a chunk of
// type c (the manifest's type is the union of its chunks' types).
func holds(m, c Type) bool { return c == Null || Unify(m, c) == m }
