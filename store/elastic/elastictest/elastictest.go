// Package elastictest gives tests outside store/elastic (the command's
// scripts) the fake Elasticsearch 8 cluster that store/elastic's own tests
// use: an httptest server answering /, _bulk, _index_template,
// _data_stream, _count, _refresh, _query, _security and Kibana's import,
// with scripted faults; PutTemplate and CreateDataStream set up a cluster
// that other writers (Fleet) already use.
package elastictest

import "github.com/soclab/soclab/store/elastic/internal/fakees"

// Server is a fake cluster; see its fields for the faults it can play.
type Server = fakees.Server

// Item is one bulk item as Server.ItemFault sees it.
type Item = fakees.Item

// NewServer starts a fake cluster; Close it when done.
func NewServer() *Server { return fakees.New() }
