package console

import (
	"slices"
	"time"

	"github.com/soclab/soclab/query"
)

// step is one histogram interval, as ES|QL's BUCKET takes it.
type step struct {
	d     time.Duration
	label string
}

var steps = []step{
	{time.Minute, "1 minute"}, {5 * time.Minute, "5 minutes"}, {15 * time.Minute, "15 minutes"},
	{30 * time.Minute, "30 minutes"}, {time.Hour, "1 hour"}, {3 * time.Hour, "3 hours"},
	{12 * time.Hour, "12 hours"}, {24 * time.Hour, "1 day"}, {7 * 24 * time.Hour, "1 week"},
}

// interval picks the smallest step that draws a span in at most 96 bars.
func interval(span time.Duration) step {
	for _, s := range steps {
		if span/s.d <= 96 {
			return s
		}
	}
	return steps[len(steps)-1]
}

// histogramOf counts a result's rows by @timestamp in buckets of d from
// lo (an ES|QL result whose rows carry no @timestamp has no histogram).
func histogramOf(res *query.Result, lo time.Time, d time.Duration) []Bucket {
	col := -1
	for i, c := range res.Columns {
		if c.Name == "@timestamp" {
			col = i
		}
	}
	if col < 0 {
		return []Bucket{}
	}
	counts := map[int64]int64{}
	var keys []int64
	for _, row := range res.Values {
		t, ok := row[col].(time.Time)
		if !ok {
			continue
		}
		k := t.Truncate(d).Unix()
		if counts[k] == 0 {
			keys = append(keys, k)
		}
		counts[k]++
	}
	slices.Sort(keys)
	out := make([]Bucket, len(keys))
	for i, k := range keys {
		out[i] = Bucket{T: time.Unix(k, 0).UTC(), Count: counts[k]}
	}
	return out
}

// bucketsOf reads a STATS count BY t result into buckets and their total.
func bucketsOf(res *query.Result) ([]Bucket, int64) {
	out := []Bucket{}
	var total int64
	for _, row := range res.Values {
		c, _ := row[0].(int64)
		t, _ := row[1].(time.Time)
		out = append(out, Bucket{T: t.UTC(), Count: c})
		total += c
	}
	return out, total
}
