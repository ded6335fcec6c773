package pipeline

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/soclab/soclab/iofile"
)

//go:embed bundled/*.yml
var bundledFS embed.FS

// Bundled returns soclab's own pipelines, in the order they apply: the
// log sources of every dataset soclab has, then Sigma's taxonomy for
// Windows, Linux, network and web logs mapped to ECS. The Set is shared:
// callers must not change it.
func Bundled() (Set, error) { return bundled() }

// bundled decodes the embedded pipelines once.
var bundled = sync.OnceValues(func() (Set, error) {
	names, err := fs.Glob(bundledFS, "bundled/*.yml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var set Set
	for _, n := range names {
		data, err := bundledFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		p, err := Decode("pipelines/"+n[len("bundled/"):], data)
		if err != nil {
			return nil, err
		}
		set = append(set, p)
	}
	return set, nil
})

// ByName returns the bundled pipeline called name, or nil.
func ByName(name string) *Pipeline {
	set, _ := Bundled()
	for _, p := range set {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Load reads pipelines from files (or names of bundled pipelines), in the
// order given, reporting every problem of every file at once.
func Load(specs []string) (Set, error) {
	var out Set
	var errs ErrorList
	for _, s := range specs {
		if p := ByName(s); p != nil {
			out = append(out, p)
			continue
		}
		data, err := iofile.ReadLimited(s, MaxFileBytes) // Decode refuses a longer file
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("pipeline %q: no such file and no bundled pipeline of that name (bundled: %v)", s, mustNames())
			}
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		p, err := Decode(s, data)
		var list ErrorList
		if errors.As(err, &list) {
			errs = append(errs, list...)
			continue
		}
		out = append(out, p)
	}
	return out, errs.Err()
}

func mustNames() []string {
	set, _ := Bundled()
	return set.Names()
}
