package elastic

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// retryQueue holds documents rejected with a temporary error until their
// back-off has passed, then hands them back to the bulk indexer from its own
// goroutine: never from the bulk indexer's failure callback, where adding
// can deadlock against a full worker queue.
type retryQueue struct {
	ix      *Indexer
	mu      sync.Mutex
	due     docHeap
	pending int // documents in due or being added back
	stopped bool
	wake    chan struct{}
	done    chan struct{}
	exited  chan struct{}
}

func (q *retryQueue) start(ix *Indexer) {
	q.ix = ix
	q.wake = make(chan struct{}, 1)
	q.done = make(chan struct{})
	q.exited = make(chan struct{})
	go q.run()
}

// push queues d for another attempt at time at. It never blocks.
func (q *retryQueue) push(d *doc, at time.Time) {
	q.mu.Lock()
	if q.stopped {
		q.mu.Unlock()
		q.ix.fail(d, 0, "retry abandoned: the indexer was closed")
		return
	}
	d.due = at
	heap.Push(&q.due, d)
	q.pending++
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *retryQueue) run() {
	defer close(q.exited)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		ready, next := q.ready(time.Now())
		for _, d := range ready {
			q.ix.add(d) // on error add dead-letters d itself
			q.mu.Lock()
			q.pending--
			q.mu.Unlock()
		}
		if len(ready) > 0 {
			continue
		}
		wait := time.Hour
		if !next.IsZero() {
			wait = time.Until(next)
		}
		timer.Reset(wait)
		select {
		case <-q.done:
			return
		case <-q.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// ready pops the documents due by now and returns the next due time.
func (q *retryQueue) ready(now time.Time) (ready []*doc, next time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.due) > 0 && !q.due[0].due.After(now) {
		ready = append(ready, heap.Pop(&q.due).(*doc))
	}
	if len(q.due) > 0 {
		next = q.due[0].due
	}
	return ready, next
}

// wait returns once no document waits for a retry or is being added back.
func (q *retryQueue) wait(ctx context.Context) error {
	for {
		q.mu.Lock()
		p := q.pending
		q.mu.Unlock()
		if p == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stop ends the goroutine and dead-letters what still waited.
func (q *retryQueue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	close(q.done)
	<-q.exited
	q.mu.Lock()
	left := q.due
	q.due = nil
	q.mu.Unlock()
	for _, d := range left {
		q.ix.fail(d, 0, "retry abandoned: the indexer was closed")
	}
}

// docHeap orders documents by due time.
type docHeap []*doc

func (h docHeap) Len() int           { return len(h) }
func (h docHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h docHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *docHeap) Push(x any)        { *h = append(*h, x.(*doc)) }
func (h *docHeap) Pop() any {
	old := *h
	d := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return d
}
