// Package org owns the synthetic organisation that a dataset is about: its
// people (departments, roles, home countries and time zones, workstations),
// its servers and appliances, its address plan, and the internet around it
// (popular sites, CDNs, SaaS, updaters, a backup provider, and a fictional
// GeoIP for public addresses). Everything is drawn from the seed with a
// private source; the same seed and size give the same organisation.
//
// Address plan: internal addresses are RFC 1918 (10.0.0.0/8). Every public
// address comes from ranges IANA reserves for documentation and benchmarking
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 198.18.0.0/15,
// 2001:db8::/32), so no real party is ever named as an attacker. Benign and
// malicious parties share those ranges: a range never tells them apart.
package org
