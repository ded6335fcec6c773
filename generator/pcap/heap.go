package pcap

// flowHeap orders open flows by the time of their next packet, then by
// arrival, so equal times always come out in the same order.
type flowHeap []*flowGen

func (h flowHeap) Len() int { return len(h) }

func (h flowHeap) Less(i, j int) bool {
	if h[i].next != h[j].next {
		return h[i].next < h[j].next
	}
	return h[i].order < h[j].order
}

func (h flowHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}

func (h *flowHeap) Push(x any) {
	g := x.(*flowGen)
	g.idx = len(*h)
	*h = append(*h, g)
}

func (h *flowHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	g.idx = -1
	return g
}
