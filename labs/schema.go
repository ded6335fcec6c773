package labs

import _ "embed"

//go:embed schema/lab.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema of lab files, for editors (yaml-language-
// server: `# yaml-language-server: $schema=lab.schema.json`). A test keeps it
// in step with the Lab type.
func Schema() []byte { return append([]byte(nil), schemaJSON...) }

//go:embed schema/truth.schema.json
var truthSchemaJSON []byte

// TruthSchema returns the JSON Schema of recorded labs' truth files, for
// editors. A test keeps it in step with the TruthFile type and the
// scenario catalogue's roles and ids.
func TruthSchema() []byte { return append([]byte(nil), truthSchemaJSON...) }
