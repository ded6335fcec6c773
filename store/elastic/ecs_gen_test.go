package elastic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/soclab/soclab/generator/telemetry"
)

var update = flag.Bool("update", false, "rewrite generated and golden files")

// ecsFlatPath finds the ECS flat reference: $SOCLAB_ECS_FLAT, or the shared
// folder beside the repository.
func ecsFlatPath() string {
	if p := os.Getenv("SOCLAB_ECS_FLAT"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "..", "shared", "ecs", "ecs_flat.yml")
}

// overrides changes ECS types where soclab's use differs, with the reason.
var overrides = map[string]string{
	// constant_keyword rejects a second value within one backing index; a
	// file of mixed datasets loaded into one namespace must not fail.
	"data_stream.dataset":   "keyword",
	"data_stream.namespace": "keyword",
	"data_stream.type":      "keyword",
}

// generateECSTable selects the fields of testdata/ecs_subset.txt from the
// ECS flat reference. It drops synthetic_source_keep, which clusters older
// than 8.15 reject.
func generateECSTable(flatPath string) ([]byte, error) {
	raw, err := os.ReadFile(flatPath)
	if err != nil {
		return nil, err
	}
	var flat map[string]struct {
		Type          string  `yaml:"type"`
		IgnoreAbove   int     `yaml:"ignore_above"`
		Index         *bool   `yaml:"index"`
		DocValues     *bool   `yaml:"doc_values"`
		ScalingFactor float64 `yaml:"scaling_factor"`
		ObjectType    string  `yaml:"object_type"`
		MultiFields   []struct {
			Name string `yaml:"name"`
			Type string `yaml:"type"`
		} `yaml:"multi_fields"`
	}
	if err := yaml.Unmarshal(raw, &flat); err != nil {
		return nil, fmt.Errorf("%s: %w", flatPath, err)
	}
	include, exclude, err := readSubset("testdata/ecs_subset.txt")
	if err != nil {
		return nil, err
	}
	var fields []Field
	for name, f := range flat {
		if !matchAny(include, name) || matchAny(exclude, name) {
			continue
		}
		fd := Field{Name: name, Type: f.Type, IgnoreAbove: f.IgnoreAbove, Index: f.Index, DocValues: f.DocValues,
			ScalingFactor: f.ScalingFactor, ObjectType: f.ObjectType}
		if t, ok := overrides[name]; ok {
			fd.Type, fd.IgnoreAbove = t, 1024
		}
		for _, mf := range f.MultiFields {
			fd.MultiFields = append(fd.MultiFields, MultiField{Name: mf.Name, Type: mf.Type})
		}
		fields = append(fields, fd)
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\"ecs_version\": %q,\n \"note\": %q,\n \"fields\": [\n", telemetry.ECSVersion,
		"generated from ecs_flat.yml by TestECSFieldsUpToDate -update; subset in testdata/ecs_subset.txt; do not edit")
	for i, f := range fields {
		line, _ := json.Marshal(f)
		b.WriteString("  ")
		b.Write(line)
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(" ]}\n")
	return b.Bytes(), nil
}

func readSubset(name string) (include, exclude []string, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "-"):
			exclude = append(exclude, line[1:])
		default:
			include = append(include, line)
		}
	}
	return include, exclude, sc.Err()
}

func matchAny(globs []string, name string) bool {
	for _, g := range globs {
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}

// TestECSFieldsUpToDate checks that ecs_fields.json is what the ECS
// reference and the subset list give (and rewrites it with -update).
func TestECSFieldsUpToDate(t *testing.T) {
	flatPath := ecsFlatPath()
	if _, err := os.Stat(flatPath); err != nil {
		t.Skipf("ECS reference not found at %s (set SOCLAB_ECS_FLAT): %v", flatPath, err)
	}
	got, err := generateECSTable(flatPath)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("ecs_fields.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, ecsFieldsJSON) {
		t.Fatal("ecs_fields.json is stale: run go test ./store/elastic -run TestECSFieldsUpToDate -update")
	}
}
