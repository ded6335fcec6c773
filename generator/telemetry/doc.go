// Package telemetry builds soclab's ECS events, one builder per kind of
// record of the eight datasets (system.auth, system.security, soclab.vpn,
// soclab.sso, zeek.connection, zeek.dns, soclab.proxy, soclab.firewall). The
// builders are the single definition of which ECS fields each dataset
// carries and what their values look like: benign activity and attack
// scenarios use the same builders, so an attack's events are shaped exactly
// like everyday ones and only their content tells them apart.
//
// docs/telemetry.md lists the fields per dataset for rule and query authors.
// Fields outside ECS live under "soclab." and never carry ground truth.
package telemetry
