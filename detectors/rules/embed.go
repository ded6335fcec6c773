// Package rules embeds soclab's bundled Sigma rule pack: one YAML file per
// detection (correlation rules beside the rules they correlate, as
// multi-document files). The detectors package loads it with Bundled.
package rules

import "embed"

// FS holds the rule files.
//
//go:embed *.yml
var FS embed.FS
