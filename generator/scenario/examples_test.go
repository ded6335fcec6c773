package scenario

import (
	"os"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

// examples reads testdata/params.yaml: parameters per scenario id.
func examples(tb testing.TB) map[string]map[string]any {
	tb.Helper()
	b, err := os.ReadFile("testdata/params.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var ex map[string]map[string]any
	if err := yaml.Unmarshal(b, &ex); err != nil {
		tb.Fatal(err)
	}
	return ex
}

func TestExampleParams(t *testing.T) {
	ex := examples(t)
	for _, info := range Catalogue() {
		params, ok := ex[info.ID]
		if !ok {
			t.Errorf("testdata/params.yaml has no example for %s", info.ID)
			continue
		}
		if errs := Validate(info.ID, params); len(errs) > 0 {
			t.Errorf("%s: %v", info.ID, errs)
			continue
		}
		mustGenerate(t, info.ID, testEnv(1, 0, params))
	}
}

// fuzzSeeds turns the examples into FuzzValidate's seed corpus.
func fuzzSeeds(f *testing.F) {
	ex := examples(f)
	ids := make([]string, 0, len(ex))
	for id := range ex {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for name, v := range ex[id] {
			switch x := v.(type) {
			case string:
				f.Add(id, name, x, int64(0), 0.0, uint8(0))
			case int:
				f.Add(id, name, "", int64(x), 0.0, uint8(1))
			case float64:
				f.Add(id, name, "", int64(0), x, uint8(2))
			case bool:
				f.Add(id, name, "", int64(map[bool]int{true: 0, false: 1}[x]), 0.0, uint8(3))
			default:
				f.Add(id, name, "", int64(0), 0.0, uint8(4))
			}
		}
	}
}
