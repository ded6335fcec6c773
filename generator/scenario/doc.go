// Package scenario owns soclab's attack scenarios and decoys: the
// catalogue (ids, ATT&CK techniques, datasets, parameters), the validation
// of a lab's scenario parameters, and the generation of each scenario's
// events with its ground truth. Every event is built with the telemetry
// builders that benign activity uses, so only its content tells an attack
// apart; no event ever names its scenario.
//
// Generate is a pure function of its Env: the same organisation, seed,
// index, window and parameters give the same events, ids and truth. A
// scenario's network records keep the pcap contract (see net.go), so the
// pcap writer can rebuild their packets.
package scenario
