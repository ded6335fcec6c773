// Package generator builds a synthetic organisation from a seed and replays
// its benign telemetry, with attack scenarios and decoys injected, as one
// time-ordered stream of ECS events (a k-way merge of activity sources that
// never holds the whole dataset in memory). Run writes the events to a sink
// and returns the ground truth.
//
// Sub-packages: org (the organisation), telemetry (the event builders),
// activity (benign sources), scenario (attacks and decoys), truth (ground
// truth), pcap (packets that agree with the network events).
package generator
