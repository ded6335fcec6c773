//go:build ignore

// gen_ecsfields writes ecs_fields.txt: every field name of the flat ECS
// reference, one per line, sorted.
//
//	go run gen_ecsfields.go -in ../../../shared/ecs/ecs_flat.yml
package main

import (
	"flag"
	"log"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	in := flag.String("in", "../../../shared/ecs/ecs_flat.yml", "flat ECS reference")
	out := flag.String("out", "ecs_fields.txt", "output file")
	flag.Parse()
	data, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	var fields map[string]any
	if err := yaml.Unmarshal(data, &fields); err != nil {
		log.Fatal(err)
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	head := "# ECS 9.4.0 field names (from the flat field reference, ecs_flat.yml), one per line.\n# Regenerate: go generate ./detectors/pipeline\n"
	if err := os.WriteFile(*out, []byte(head+strings.Join(names, "\n")+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
}
