package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

func TestQuery(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.QueryResponse = `{"took":3,"columns":[{"name":"c","type":"long"},{"name":"source.ip","type":"ip"},{"name":"last","type":"date"}],
		"values":[[41,"203.0.113.7","2026-03-02T09:00:05.000Z"],[2,null,null]]}`
	c := connect(t, fake)
	q := `FROM logs-system.auth-* | WHERE event.outcome == "failure" | STATS c = COUNT(*), last = MAX(@timestamp) BY source.ip`
	body, err := c.ESQL(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.Queries) != 1 || fake.Queries[0] != q {
		t.Errorf("the query was not passed through: %q", fake.Queries)
	}
	var res esqlResponse
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("response %s: %v", body, err)
	}
	if len(res.Columns) != 3 || res.Columns[1].Type != "ip" || len(res.Values) != 2 {
		t.Fatalf("result %+v", res)
	}
	if res.Values[0][0] != float64(41) || res.Values[0][2] != "2026-03-02T09:00:05.000Z" || res.Values[1][1] != nil {
		t.Errorf("values %v", res.Values)
	}
	// Elasticsearch's own error comes back with its reason.
	fake.QueryResponse = ""
	_, err = c.ESQL(context.Background(), "FROM nowhere")
	if !errors.Is(err, ErrRequest) || !strings.Contains(err.Error(), "verification_exception") {
		t.Errorf("err = %v", err)
	}
}

func TestQueryNeedsESQL(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.Version = "8.9.2"
	c := connect(t, fake)
	if _, err := c.ESQL(context.Background(), "FROM x"); !errors.Is(err, ErrVersion) {
		t.Errorf("err = %v", err)
	}
}

// esqlResponse is the shape of a _query response, decoded plainly for the
// tests (query.DecodeResponse types the values).
type esqlResponse struct {
	Columns []struct{ Name, Type string }
	Values  [][]any
}
