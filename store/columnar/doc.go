// Package columnar is soclab's embedded column store: the events and
// alerts of a trainee's workspace laid out so that a cold `soclab query`
// reads only the columns a query names, next to the NDJSON other tools read.
//
// Layout. <workspace>/store.col/ holds one folder per table ("events",
// "alerts"), each with a manifest.json and one file per field
// (c0000.bin, ...). A field's file is the concatenation of its chunks, one
// per row group of up to RowGroupRows (64k) rows. A chunk is typed and
// little-endian: keyword, text and ip values are dictionary-encoded (the
// chunk's distinct strings once, then a uint32 code per value); longs,
// integers, booleans and dates (Unix ms) are int64; doubles are float64;
// nulls are a bitmap, and multi-valued fields (event.category, related.ip,
// dns.answers.*) carry per-row offsets. The manifest lists, per row group,
// each chunk's offset and length, the table's schema, and per index
// (data stream logs-<dataset>-<namespace>, or soclab-alerts-<namespace>)
// its row count and the fields it uses. Every row also stores its index in
// the _index column, so FROM patterns filter by dictionary code.
//
// Why this shape. The queries trainees run touch 2 to 6 of ~40 fields, so
// one file per field means a query reads a few MB of a 1M-event store,
// mapped in memory (or one positioned read per chunk where mapping is not
// available) and without decompression: codes and numbers are used in
// place, and dictionary strings point into the mapped file, so columns
// must not be used after Store.Close.
// SOC data is dominated by low-cardinality strings (dataset, outcome,
// action, user, host), which dictionary codes make small and let the engine
// compare and group by code. Row groups bound the writer's memory (it
// buffers one group) and give the reader units to scan in parallel and to
// merge in a deterministic order. Parquet (parquet-go) would fit the same
// model but costs a general decoder on every cold start; this format is a
// few hundred lines that the tests fuzz and cross-check. Files are not
// compressed: a store is about 60% of its NDJSON.
//
// Types come from ECS (the one ECS table, internal/ecs);
// other fields are typed by their JSON values, widening long to double and
// mixed values to keyword, per chunk, and unified when read. Multi-values
// are stored as Elasticsearch's doc values return them: keywords and ips
// sorted and deduplicated, numbers sorted, text in order.
//
// Integrity. Every chunk's reference in the manifest carries the CRC-32C
// of its bytes, checked before the chunk is decoded, and the manifest
// carries the CRC-32C of its own content (format 2). A chunk whose type the
// manifest's type cannot hold is refused too. A damaged store fails with
// "store damaged: ..." (ErrCorrupt), never a panic or a wrong value.
//
// Writing is atomic: Writer stages everything in a hidden folder and Close
// renames it into place (replacing an older store), so a reader never sees
// a half-written store. Open reads manifests only; Table.RowGroup reads the
// chunks a query asks for, checking every bound (ErrCorrupt otherwise).
// LoadNDJSON builds the same row groups in memory from NDJSON, decoding only
// the fields a query uses, on every core.
package columnar
