// Package query plans and runs ES|QL queries and KQL filters over soclab's
// event tables, whether they are read from an NDJSON file or from a
// workspace's columnar store, and formats their results (Result) the way
// Elasticsearch's _query API does. The syntax lives in query/esql and
// query/kql; this package owns typing, evaluation and output.
package query
