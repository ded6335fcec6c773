// Package detectors runs Sigma rules over soclab's ECS event stream. Compile
// turns parsed rules (package sigma) into matchers once: rules are indexed by
// the dataset their logsource selects, then each field test is a compiled
// pattern, regular expression, network prefix or comparison, so that nothing
// is re-parsed per event. The Engine is an event.Sink: it evaluates every
// event, keeps bounded sliding-window state for correlation rules, and emits
// Alerts (ECS alert documents) in a deterministic order. The bundled rule
// pack lives in detectors/rules and is loaded with Bundled.
package detectors
