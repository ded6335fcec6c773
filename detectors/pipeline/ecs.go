package pipeline

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate go run gen_ecsfields.go

//go:embed ecs_fields.txt
var ecsFieldsText string

var (
	ecsOnce   sync.Once
	ecsFields map[string]bool
)

// IsECS reports whether name is a field of the ECS reference (version
// 9.4.0, the version soclab's events follow), or @timestamp.
func IsECS(name string) bool {
	ecsOnce.Do(func() {
		ecsFields = map[string]bool{}
		for _, l := range strings.Split(ecsFieldsText, "\n") {
			if l != "" && l[0] != '#' {
				ecsFields[l] = true
			}
		}
	})
	return ecsFields[name]
}
