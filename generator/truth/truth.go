// Package truth owns the ground truth of a generated dataset: which events
// each attack scenario and decoy produced, its indicators with their roles,
// its milestones, and the users, hosts and ATT&CK techniques involved. It is
// written beside the events (generate --truth) and inside every answer key,
// and never into anything a trainee sees.
package truth

import (
	"encoding/json"
	"io"
	"time"
)

// Kinds of scenario.
const (
	KindAttack = "attack"
	KindDecoy  = "decoy"
)

// Truth is the ground truth of one generated dataset, in the JSON shape
// docs/scenarios.md ("Ground truth") describes.
type Truth struct {
	Seed      int64      `json:"seed"`
	From      time.Time  `json:"from"`
	To        time.Time  `json:"to"`
	Scenarios []Scenario `json:"scenarios"`
}

// Scenario is what one attack scenario or decoy did.
type Scenario struct {
	ID         string      `json:"id"`
	Kind       string      `json:"kind"`
	Techniques []string    `json:"techniques,omitempty"`
	Events     []string    `json:"events"`
	IOCs       []IOC       `json:"iocs"`
	Milestones []Milestone `json:"milestones,omitempty"`
	Users      []string    `json:"users"`
	Hosts      []string    `json:"hosts"`
	// Entities are a decoy's benign look-alike entities (an authorised
	// scanner's ip, a backup target): naming them as IOCs is a mistake.
	Entities []IOC `json:"entities,omitempty"`
}

// IOC is an indicator: its type ("ip", "domain", "url", "user", "host",
// "hash", "email", "user_agent"), value and role in the scenario
// ("attacker_ip", "c2_domain", "compromised_user", ...).
type IOC struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Role  string `json:"role"`
}

// Milestone is a moment of the attack that a timeline should name; Time is
// the @timestamp of Event.
type Milestone struct {
	Time  time.Time `json:"time"`
	Event string    `json:"event"`
	What  string    `json:"what"`
}

// MarshalJSON writes times with milliseconds in UTC, as events do.
func (m Milestone) MarshalJSON() ([]byte, error) {
	type plain struct {
		Time  string `json:"time"`
		Event string `json:"event"`
		What  string `json:"what"`
	}
	return json.Marshal(plain{m.Time.UTC().Format("2006-01-02T15:04:05.000Z"), m.Event, m.What})
}

// Write writes t as indented JSON.
func (t *Truth) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

// EventScenario maps every event id of the truth to the index of its
// scenario in Scenarios.
func (t *Truth) EventScenario() map[string]int {
	m := map[string]int{}
	for i, s := range t.Scenarios {
		for _, id := range s.Events {
			m[id] = i
		}
	}
	return m
}
