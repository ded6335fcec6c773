// Package activity owns the organisation's benign life: the everyday
// activity sources of the eight datasets (workstation and file-server
// logons, service accounts, admins' ssh and RDP, VPN sessions, SaaS sign-ins,
// web browsing, software updaters, DNS noise, the nightly backup, the
// authorised scanner and the internet's background noise at the perimeter).
//
// Each source is a stream.Source with its own random generator and id
// generator, seeded from the run's seed and the source's name, so sources
// never disturb each other. A source keeps a small heap of pending work (one
// actor per person or machine, plus the sessions in flight) and builds every
// event lazily when it is due: memory grows with the organisation, never
// with the length of the window. Records that belong together (a DNS lookup,
// the flow it leads to, the proxy lines on that flow) come from one source,
// in order, sharing their 5-tuple.
//
// People follow a daily and weekly rhythm in their own time zone (work days,
// lunch, weekends, remote days, trips); machines and service accounts work
// around the clock.
package activity
