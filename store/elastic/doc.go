// Package elastic is soclab's Elasticsearch 8 backend: it connects to a
// cluster and checks it (Connect), installs index templates that give every
// field soclab emits its ECS type and match only the data streams soclab
// writes (InstallTemplates; PrepareNamespaces first refuses a namespace
// whose system.*/zeek.* data streams another writer created), streams events into
// data streams logs-<dataset>-<namespace> and alerts into
// soclab-alerts-<namespace> through one bulk indexer (Indexer, an
// event.Sink), and accounts for every document: what Elasticsearch rejects
// is retried when the rejection is temporary and otherwise written to a
// dead-letter NDJSON file with its reason, never dropped silently.
//
// It also passes ES|QL queries to _query (Query), checks counts after a load
// (Verify), imports Kibana saved objects (ImportKibana) and provisions one
// restricted user per trainee (Provision).
//
// The ECS part of the mappings reads the one ECS field table (internal/ecs)
// for the fields listed in ecs_mapped.go.
package elastic
