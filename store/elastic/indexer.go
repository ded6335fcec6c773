package elastic

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esutil"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/event"
)

// IndexerOptions configures an Indexer. Only Namespace is required.
type IndexerOptions struct {
	// Namespace is the data stream namespace (a trainee or an instance);
	// it goes through Namespace() first.
	Namespace string
	// DeadLetterPath is the NDJSON file for documents that fail for good;
	// default "elastic-deadletter-<namespace>.ndjson" in the current folder.
	// It is only created when a document fails.
	DeadLetterPath string
	// DeadLetter, when set, receives those lines instead of a file.
	DeadLetter io.Writer
	// Registerer receives the indexer's metrics; nil for none.
	Registerer prometheus.Registerer
	// FlushBytes is the size of one bulk request (default 5 MB).
	FlushBytes int
	// FlushInterval flushes a partly filled request after this long
	// (default 1s), so that a slow stream still shows up promptly.
	FlushInterval time.Duration
	// Workers is the number of concurrent bulk requests (default: CPUs).
	Workers int
	// MaxItemRetries bounds the retries of one document rejected with 429
	// or 5xx inside a bulk response (default 8).
	MaxItemRetries int
	// ItemBackoff is the pause before a document's retry n (default: from
	// 100ms, doubling, up to 5s, with jitter).
	ItemBackoff func(attempt int) time.Duration
	// Progress, when set, is called by Load every 4096 documents with the
	// number sent so far.
	Progress func(sent int64)
	// SkipTemplates does not install the index templates first (for an API
	// key without the manage_index_templates privilege); the namespace is
	// still checked (CheckNamespace).
	SkipTemplates bool
}

// Stats counts what happened to the documents written to an Indexer. Once
// Close has returned, Sent == Indexed + Failed.
type Stats struct {
	Sent     int64 // documents written
	Indexed  int64 // accepted, or already present with the same id
	Existing int64 // of Indexed: already present (a re-run of the same data)
	Retried  int64 // item retries after a 429 or 5xx rejection
	Failed   int64 // failed for good; kept in the dead-letter output
	// DeadLetterPath is the dead-letter file, "" when none was written.
	DeadLetterPath string
}

// Indexer streams events into Elasticsearch: events go to data stream
// logs-<dataset>-<namespace> with create operations, alerts (event.kind
// alert) to index soclab-alerts-<namespace>, both with event.id as the
// document id when there is one. It implements event.Sink.
//
// It uses one long-lived esutil.BulkIndexer. Whole requests are retried by
// the transport (429, 502, 503, 504, connection errors); documents rejected
// inside a bulk response with 429 or 5xx are queued again with back-off by
// the indexer's own goroutine; every other rejection, and every document
// whose retries run out, goes to the dead-letter output with its reason.
// Close waits for all of it and returns an *IndexError if any document
// failed.
//
// Write and Close must be called from one goroutine; Stats may be called
// from any.
type Indexer struct {
	c      *Client
	ctx    context.Context
	opts   IndexerOptions
	bi     esutil.BulkIndexer
	route  *router
	enc    event.Encoder
	dead   *deadLetter
	met    *indexerMetrics
	closed bool

	sent, indexed, existing, retried, failed atomic.Int64
	adds                                     atomic.Int64 // items queued by bi.Add, retries included

	mu       sync.Mutex // guards live, free and firstErr
	live     doc        // sentinel of the list of documents not yet resolved
	free     []*doc     // indexed documents, for reuse
	firstErr string

	// spare holds documents for Write to reuse without taking mu; register
	// refills it from free when it runs out. dataHint sizes the buffer of a
	// new document, so that encoding into it seldom grows it.
	spare    []*doc
	dataHint int

	retry retryQueue

	// The items' callbacks, bound once: a method value made in add would
	// allocate two closures per document.
	onOK   func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem)
	onFail func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem, error)

	// addMu lets Close shut the bulk indexer while no add is under way: a
	// late retry after that is dead-lettered instead of sent to a closed
	// indexer.
	addMu    sync.RWMutex
	biClosed bool

	// settle makes a document's outcome (taken off the live list, counted,
	// dead-lettered) one step as far as Close is concerned: callbacks hold
	// it shared while they settle a document, and Close takes it alone
	// before the final tally, so that no late callback is counted but not
	// yet written. A cancelled context lets Close return before the bulk
	// workers have finished, which made that race real.
	settle sync.RWMutex
}

// doc is one document on its way: its JSON, where it goes and how often it
// was tried. It is the bulk item's Body, so the callbacks find it again.
type doc struct {
	body       bodyReader
	data       []byte
	to         *target
	index, id  string
	attempts   int
	due        time.Time
	prev, next *doc // in Indexer.live while unresolved
}

// bodyReader reads a doc's data; it is a separate type so that *doc does not
// expose Read and Seek.
//
// Its end, as Seek reports it, lies bulkSlack bytes past the data: the bulk
// indexer sizes an item by seeking to its end, and then copies the body into
// its request buffer with bytes.Buffer.ReadFrom, which wants bytes.MinRead
// bytes free after the data. Without the slack, a document that fits within
// FlushBytes but not within that margin makes the buffer double (a 10 MB
// allocation and copy), and the bulk indexer then replaces the oversized
// buffer after the flush: two large allocations for most requests. Reading
// still ends at the data's end.
type bodyReader struct {
	d   *doc
	off int64
}

func (r *bodyReader) Read(p []byte) (int, error) {
	if r.off >= int64(len(r.d.data)) {
		return 0, io.EOF
	}
	n := copy(p, r.d.data[r.off:])
	r.off += int64(n)
	return n, nil
}

func (r *bodyReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += int64(len(r.d.data)) + bulkSlack
	}
	if offset < 0 {
		return 0, errors.New("negative seek")
	}
	r.off = offset
	return offset, nil
}

// queueDepth is how many items each bulk worker's queue holds. esutil's
// default of one makes Write and the workers hand over every document in
// lock step, parking and waking each other per document; a deeper queue
// lets them run side by side (about 1.6x the documents per second into a
// local sink, and less CPU per document). Up to Workers*queueDepth
// documents may be queued when the context is cancelled; like a request
// under way, they get Close's grace to land, and what does not land is
// dead-lettered.
const queueDepth = 512

// maxDataHint bounds the buffer a new document starts with.
const maxDataHint = 16 << 10

// bulkSlack is the margin bytes.Buffer.ReadFrom needs after a body, plus
// one for the newline that follows it.
const bulkSlack = bytes.MinRead + 1

// NewIndexer starts an indexer for one namespace. It first refuses a
// namespace whose integration data streams soclab did not create (see
// CheckNamespace and Config.ShareNamespaces) and, unless
// opts.SkipTemplates, installs the shared index templates and the
// namespace's (PrepareNamespaces), so that no document reaches a data
// stream before its mappings exist. ctx governs the
// indexer's whole life: once it is cancelled, what is not yet indexed is
// dead-lettered by Close.
func (c *Client) NewIndexer(ctx context.Context, opts IndexerOptions) (*Indexer, error) {
	ns, err := Namespace(opts.Namespace)
	if err != nil {
		return nil, err
	}
	opts.Namespace = ns
	setIndexerDefaults(&opts)
	if opts.SkipTemplates {
		err = c.checkNamespaces(ctx, []string{ns})
	} else {
		err = c.PrepareNamespaces(ctx, ns)
	}
	if err != nil {
		return nil, err
	}
	met, err := newMetrics(opts.Registerer, ns)
	if err != nil {
		return nil, err
	}
	ix := &Indexer{c: c, ctx: ctx, opts: opts, route: newRouter(ns), met: met,
		dead: newDeadLetter(opts.DeadLetterPath, opts.DeadLetter)}
	ix.live.prev, ix.live.next = &ix.live, &ix.live
	ix.onOK, ix.onFail = ix.onSuccess, ix.onFailure
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:              c.es,
		NumWorkers:          opts.Workers,
		FlushBytes:          opts.FlushBytes,
		FlushInterval:       opts.FlushInterval,
		QueueSizeMultiplier: queueDepth,
		Decoder:             &bulkDecoder{},
		FilterPath:          []string{"took", "errors", "items.*.status", "items.*.error", "items.*._id", "items.*._index"},
		OnFlushStart:        ix.onFlushStart,
		OnFlushEnd:          ix.onFlushEnd,
		OnError:             ix.onError,
	})
	if err != nil {
		return nil, fmt.Errorf("bulk indexer: %w", err)
	}
	ix.bi = bi
	ix.retry.start(ix)
	return ix, nil
}

func setIndexerDefaults(o *IndexerOptions) {
	if o.DeadLetterPath == "" && o.DeadLetter == nil {
		o.DeadLetterPath = "elastic-deadletter-" + o.Namespace + ".ndjson"
	}
	if o.FlushBytes <= 0 {
		o.FlushBytes = 5 << 20
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = time.Second
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MaxItemRetries <= 0 {
		o.MaxItemRetries = 8
	}
	if o.ItemBackoff == nil {
		o.ItemBackoff = func(n int) time.Duration { return backoff(100*time.Millisecond, 5*time.Second, n) }
	}
}

// ErrIndexerClosed is returned by Write after Close.
var ErrIndexerClosed = errors.New("elasticsearch indexer is closed")

// Write encodes e and queues it; it does not keep e. It fails only when the
// indexer is closed or its context is done: a document that Elasticsearch
// rejects is counted and dead-lettered, and reported by Close.
func (ix *Indexer) Write(e *event.Event) error {
	if ix.closed {
		return ErrIndexerClosed
	}
	d := ix.take()
	d.data = ix.enc.AppendJSON(d.data[:0], e)
	if n := len(d.data) + len(d.data)/4; n > ix.dataHint {
		ix.dataHint = min(n, maxDataHint)
	}
	d.to = ix.route.route(e)
	d.index, d.id, d.attempts = d.to.name, e.ID(), 0
	ix.sent.Add(1)
	ix.register(d)
	if !d.to.alert {
		if v, ok := e.Get(event.KeyTimestamp); !ok || v.IsNull() {
			ix.fail(d, 0, "missing @timestamp: every document of a data stream needs one")
			return nil
		}
	}
	return ix.add(d)
}

// add hands d to the bulk indexer.
func (ix *Indexer) add(d *doc) error {
	d.attempts++
	d.body.off = 0
	action := "create"
	if d.to.alert {
		action = "index" // alerts are re-detected: the last version wins
	}
	ix.addMu.RLock()
	defer ix.addMu.RUnlock()
	if ix.biClosed {
		ix.fail(d, 0, "retry abandoned: the indexer was closed")
		return ErrIndexerClosed
	}
	err := ix.bi.Add(ix.ctx, esutil.BulkIndexerItem{
		Index: d.index, Action: action, DocumentID: d.id, Body: &d.body,
		OnSuccess: ix.onOK, OnFailure: ix.onFail,
	})
	if err != nil {
		ix.fail(d, 0, "not sent: "+err.Error())
		return fmt.Errorf("elasticsearch indexer: %w", err)
	}
	// Counted once the item is queued, not before: drain relies on every
	// add it has counted being ahead of its flush in the workers' queues.
	ix.adds.Add(1)
	return nil
}

// take returns a document to fill: a spare one, or a new one. Only Write
// calls it.
func (ix *Indexer) take() *doc {
	if n := len(ix.spare); n > 0 {
		d := ix.spare[n-1]
		ix.spare[n-1] = nil
		ix.spare = ix.spare[:n-1]
		return d
	}
	d := &doc{data: make([]byte, 0, ix.dataHint)}
	d.body.d = d
	return d
}

// register adds d to the live list and, when Write has no spare documents
// left, takes the indexed ones back under the same lock.
func (ix *Indexer) register(d *doc) {
	ix.mu.Lock()
	d.prev, d.next = ix.live.prev, &ix.live
	ix.live.prev.next = d
	ix.live.prev = d
	if len(ix.spare) == 0 && len(ix.free) > 0 {
		ix.spare, ix.free = ix.free, ix.spare
	}
	ix.mu.Unlock()
}

// resolve removes d from the live list; it reports false when d was
// already resolved (a late callback after Close gave up on it).
func (ix *Indexer) resolve(d *doc) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if d.next == nil {
		return false
	}
	d.prev.next, d.next.prev = d.next, d.prev
	d.prev, d.next = nil, nil
	return true
}

func (ix *Indexer) onSuccess(_ context.Context, item esutil.BulkIndexerItem, _ esutil.BulkIndexerResponseItem) {
	ix.settle.RLock()
	defer ix.settle.RUnlock()
	d := item.Body.(*bodyReader).d
	to := d.to // d may be reused as soon as it is released
	ix.mu.Lock()
	if d.next == nil { // already resolved
		ix.mu.Unlock()
		return
	}
	d.prev.next, d.next.prev = d.next, d.prev
	d.prev, d.next = nil, nil
	ix.free = append(ix.free, d)
	ix.mu.Unlock()
	ix.succeed(to)
}

func (ix *Indexer) succeed(to *target) {
	ix.indexed.Add(1)
	ix.met.indexed.Inc()
	to.docs.Add(1)
}

// onFailure runs on a bulk worker. It must not call bi.Add (that can
// deadlock): retries go through the retry queue's own goroutine.
func (ix *Indexer) onFailure(_ context.Context, item esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
	d := item.Body.(*bodyReader).d
	if err != nil {
		ix.fail(d, res.Status, "request failed after its retries: "+err.Error())
		return
	}
	switch {
	case res.Status == 409 && item.Action == "create" && d.id != "":
		// Already there with this id: a re-run, or a retry whose first
		// attempt did land. The document is in Elasticsearch.
		ix.settle.RLock()
		if ix.resolve(d) {
			ix.existing.Add(1)
			ix.succeed(d.to)
		}
		ix.settle.RUnlock()
	case retryable(res.Status) && d.attempts <= ix.opts.MaxItemRetries:
		ix.retried.Add(1)
		ix.met.retried.Inc()
		ix.retry.push(d, time.Now().Add(ix.opts.ItemBackoff(d.attempts)))
	default:
		ix.fail(d, res.Status, itemReason(res))
	}
}

func retryable(status int) bool { return status == 429 || status >= 500 }

func itemReason(res esutil.BulkIndexerResponseItem) string {
	r := res.Error.Type + ": " + res.Error.Reason
	if res.Error.Cause.Type != "" {
		r += " (caused by " + res.Error.Cause.Type + ": " + res.Error.Cause.Reason + ")"
	}
	if res.Error.Type == "" {
		r = fmt.Sprintf("status %d", res.Status)
	}
	return r
}

// fail resolves d as failed and writes it to the dead-letter output.
func (ix *Indexer) fail(d *doc, status int, reason string) {
	ix.settle.RLock()
	defer ix.settle.RUnlock()
	if !ix.resolve(d) {
		return
	}
	ix.failed.Add(1)
	ix.met.failed.Inc()
	ix.mu.Lock()
	if ix.firstErr == "" {
		ix.firstErr = d.index + ": " + reason
	}
	ix.mu.Unlock()
	ix.dead.add(d.index, d.id, status, reason, d.attempts, d.data)
}

type flushKey struct{}

type flushState struct {
	start  time.Time
	failed bool
}

func (ix *Indexer) onFlushStart(ctx context.Context) context.Context {
	return context.WithValue(ctx, flushKey{}, &flushState{start: time.Now()})
}

func (ix *Indexer) onFlushEnd(ctx context.Context) {
	st, _ := ctx.Value(flushKey{}).(*flushState)
	if st == nil {
		return
	}
	ix.met.latency.Observe(time.Since(st.start).Seconds())
	if st.failed {
		ix.met.requests.WithLabelValues("error").Inc()
	} else {
		ix.met.requests.WithLabelValues("ok").Inc()
	}
}

func (ix *Indexer) onError(ctx context.Context, _ error) {
	if st, _ := ctx.Value(flushKey{}).(*flushState); st != nil {
		st.failed = true
	}
}

// Stats returns the counts so far.
func (ix *Indexer) Stats() Stats {
	s := Stats{Sent: ix.sent.Load(), Indexed: ix.indexed.Load(), Existing: ix.existing.Load(),
		Retried: ix.retried.Load(), Failed: ix.failed.Load()}
	if ix.dead.written() {
		s.DeadLetterPath = ix.opts.DeadLetterPath
	}
	return s
}

// Counts returns, per index or data stream, how many documents are in
// Elasticsearch (indexed or already present): what Verify expects.
func (ix *Indexer) Counts() map[string]int64 { return ix.route.counts() }

// Namespace returns the namespace the indexer writes to.
func (ix *Indexer) Namespace() string { return ix.opts.Namespace }

// Close sends what is queued, waits for every retry, and closes the bulk
// indexer. It returns an *IndexError when any document failed (they are in
// the dead-letter output) and an error if the dead-letter file could not be
// written. Calling it again returns nil.
func (ix *Indexer) Close() error {
	if ix.closed {
		return nil
	}
	ix.closed = true
	err := ix.drain()
	ix.addMu.Lock()
	ix.biClosed = true
	ix.addMu.Unlock()
	if cerr := ix.closeBulk(); cerr != nil && err == nil {
		err = fmt.Errorf("elasticsearch indexer: %w", cerr)
	}
	ix.retry.stop()
	ix.abandon()
	ix.settle.Lock()
	//lint:ignore SA2001 the empty section waits for callbacks still settling a document
	ix.settle.Unlock()
	if derr := ix.dead.close(); derr != nil {
		err = errors.Join(err, derr)
	}
	st := ix.Stats()
	if st.Failed > 0 {
		ix.mu.Lock()
		first := ix.firstErr
		ix.mu.Unlock()
		err = errors.Join(&IndexError{Failed: st.Failed, Sent: st.Sent, DeadLetterPath: st.DeadLetterPath, First: first}, err)
	}
	return err
}

// closeGrace is how long Close waits, once the context is cancelled, for
// bulk requests already under way: their answers tell which of their
// documents did land.
const closeGrace = 5 * time.Second

// closeBulk closes the bulk indexer and waits for its workers. Their
// requests do not follow the indexer's context, so a cancelled context
// still gets a short grace for the answers of requests under way.
func (ix *Indexer) closeBulk() error {
	ctx := ix.ctx
	if ctx.Err() != nil {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeGrace)
		defer cancel()
		ctx = c
	}
	return ix.bi.Close(ctx)
}

// drain flushes until a round adds nothing: then every document added has
// been answered, and none waits for a retry. A round's flush follows, in
// every worker's queue, each add counted before it, so an add that is not
// counted yet makes the round count as adding.
func (ix *Indexer) drain() error {
	for {
		before := ix.adds.Load()
		if err := ix.bi.Flush(ix.ctx); err != nil {
			return fmt.Errorf("elasticsearch indexer: flush: %w", err)
		}
		if err := ix.retry.wait(ix.ctx); err != nil {
			return fmt.Errorf("elasticsearch indexer: %w", err)
		}
		if ix.adds.Load() == before {
			return nil
		}
	}
}

// abandon dead-letters what is still unresolved after Close: documents the
// cluster never answered for, or left behind by a cancelled context.
func (ix *Indexer) abandon() {
	reason := "no result from Elasticsearch for this document"
	if err := ix.ctx.Err(); err != nil {
		reason = "not sent: " + err.Error()
	}
	for {
		ix.mu.Lock()
		d := ix.live.next
		ix.mu.Unlock()
		if d == &ix.live {
			return
		}
		ix.fail(d, 0, reason)
	}
}
