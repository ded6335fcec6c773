package pipeline

import "strings"

// Pipeline is one processing pipeline file: log source mappings,
// transformations applied in file order, and custom field declarations.
type Pipeline struct {
	Name        string
	Description string
	File        string
	Logsources  []LogsourceMap
	Transforms  []*Transform
	// Custom lists field names, or namespaces written "prefix.*", that are
	// not ECS but that soclab's events (or the user's) do carry.
	Custom []string
}

// LogsourceMap says which datasets one logsource attribute value selects:
// {product: windows} selects system.security.
type LogsourceMap struct {
	Attr     string // category, product or service
	Value    string // lower case
	Datasets []string
	Pos      Pos
}

// Transformation types.
const (
	FieldNameMapping = "field_name_mapping" // rename fields (one to one, or one to several linked with OR)
	FieldNamePrefix  = "field_name_prefix"  // put a prefix before fields nothing mapped
	ValueMapping     = "value_mapping"      // replace values of one field
)

// Transform is one transformation item, applied to the rules whose log
// source matches its condition.
type Transform struct {
	ID        string
	Type      string
	Logsource Condition
	// Mapping renames a field to one or more fields (FieldNameMapping).
	Mapping map[string][]string
	// Prefix is put before every field with no dot that no earlier
	// FieldNameMapping of the same pipeline renamed and that is not an ECS
	// name such as @timestamp or message (FieldNamePrefix).
	Prefix string
	// Field and Values: values of Field (as the rule writes it, before any
	// renaming) equal, ignoring case, to a key of Values are replaced by
	// its value (ValueMapping).
	Field  string
	Values map[string]string
	Pos    Pos
}

// Condition selects rules by log source: every attribute it gives must
// equal the rule's (ignoring case). The zero Condition selects every rule.
type Condition struct {
	Category, Product, Service string
}

// Matches reports whether a rule with this logsource is selected.
func (c Condition) Matches(category, product, service string) bool {
	return eqOrAny(c.Category, category) && eqOrAny(c.Product, product) && eqOrAny(c.Service, service)
}

func eqOrAny(want, got string) bool { return want == "" || strings.EqualFold(want, got) }
