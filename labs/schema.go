package labs

import _ "embed"

//go:embed schema/lab.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema of lab files, for editors (yaml-language-
// server: `# yaml-language-server: $schema=lab.schema.json`). A test keeps it
// in step with the Lab type.
func Schema() []byte { return append([]byte(nil), schemaJSON...) }
