// Package ecs is soclab's one copy of the Elastic Common Schema field
// reference: every field of ECS's flat reference (ecs_flat.yml) with its
// type, its Elasticsearch mapping attributes and, for the categorisation
// fields, its allowed values; and, beside it, the fields of Elastic's
// integrations that soclab's records carry outside ECS (winlog.*,
// system.auth.*).
//
// The table (table.go) is generated once by gen_table.go from the shared
// reference and embedded; every package that needs an ECS fact reads it
// here: the column store's column types, the Elasticsearch index templates,
// the Sigma pipelines' field validation and the generator's and detectors'
// ECS tests. Regenerate it after updating the reference:
//
//	go generate ./internal/ecs
package ecs

//go:generate go run gen_table.go -in ../../../shared/ecs/ecs_flat.yml -out table.go
