package detectors

// valueCounts counts the hits of each distinct value in a value_count
// window. Most windows hold a handful of values, which a short array finds
// faster than a map hashes them; past that it moves to a map.
type valueCounts struct {
	small [smallValues]valueCount
	n     int            // values in small, while m is nil
	m     map[string]int // every value, once small overflowed
}

type valueCount struct {
	v     string
	count int
}

const smallValues = 6

// add counts one more hit of v.
func (d *valueCounts) add(v string) {
	if d.m == nil {
		for i := range d.small[:d.n] {
			if d.small[i].v == v {
				d.small[i].count++
				return
			}
		}
		if d.n < smallValues {
			d.small[d.n] = valueCount{v: v, count: 1}
			d.n++
			return
		}
		d.m = make(map[string]int, 2*smallValues)
		for _, x := range d.small {
			d.m[x.v] = x.count
		}
		d.small, d.n = [smallValues]valueCount{}, 0
	}
	d.m[v]++
}

// remove counts one hit of v less, forgetting v at zero.
func (d *valueCounts) remove(v string) {
	if d.m != nil {
		if d.m[v]--; d.m[v] <= 0 {
			delete(d.m, v)
		}
		return
	}
	for i := range d.small[:d.n] {
		if d.small[i].v == v {
			if d.small[i].count--; d.small[i].count <= 0 {
				d.n--
				d.small[i] = d.small[d.n]
				d.small[d.n] = valueCount{}
			}
			return
		}
	}
}

// len is the number of distinct values.
func (d *valueCounts) len() int {
	if d.m != nil {
		return len(d.m)
	}
	return d.n
}

// reset forgets every value (a map, once needed, is kept for reuse).
func (d *valueCounts) reset() {
	d.small, d.n = [smallValues]valueCount{}, 0
	if d.m != nil {
		clear(d.m)
	}
}
