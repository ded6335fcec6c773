// Package stream owns the generator's time ordering: activity sources that
// each yield events in time order, the k-way merge that interleaves them into
// one stream without holding more than one pending event per source, and the
// deterministic event ids every source draws from.
package stream
