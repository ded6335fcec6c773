// Package pipeline owns Sigma processing pipelines: the YAML format that says
// how rules written in Sigma's taxonomy meet soclab's events. A pipeline maps
// Sigma log sources (category, product, service) to soclab datasets, renames
// taxonomy fields to ECS (EventID to event.code, c-useragent to
// user_agent.original), prefixes the rest of a log source's fields (Windows
// event data under winlog.event_data.), rewrites values where the taxonomy
// and the events disagree, and declares custom (non-ECS) field namespaces.
// Pipelines apply in order, the way pySigma applies them; the bundled ones
// (Bundled) cover every source soclab logs. The package knows names only:
// the detectors engine asks a Set how to read one rule's fields.
package pipeline
