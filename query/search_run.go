package query

import (
	"context"
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// SearchQuery runs an ES|QL query over only the rows that match a KQL
// filter, applied before the query's first command: what Kibana's Discover
// does with its search bar and a histogram or field summary below it.
// An empty or "*" KQL filters nothing. Errors in the KQL point into
// kqlQuery, errors in the ES|QL into esqlQuery.
func (e *Engine) SearchQuery(ctx context.Context, kqlQuery, esqlQuery string) (*Result, error) {
	q, err := esql.Parse(esqlQuery)
	if err != nil {
		return nil, err
	}
	if k := strings.TrimSpace(kqlQuery); k == "" || k == "*" {
		return e.Run(ctx, q, esqlQuery)
	}
	filter, err := kqlFilter(kqlQuery)
	if err != nil {
		return nil, err
	}
	sub := *e
	sub.opts = planOptions{filter: filter}
	return sub.Run(ctx, q, esqlQuery)
}
