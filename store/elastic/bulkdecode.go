package elastic

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/elastic/go-elasticsearch/v8/esutil"
	"github.com/valyala/fastjson"
)

// maxBulkResponse bounds a bulk response body (a 5 MB request of small
// documents answers with well under this).
const maxBulkResponse = 256 << 20

// bulkDecoder decodes bulk responses with fastjson. Successful items all
// share one read-only map, so a response of n clean items costs one slice
// instead of n maps; only failed items are decoded in full.
type bulkDecoder struct {
	parsers fastjson.ParserPool
	bufs    sync.Pool
}

// Shared, read-only per-op results of successful items.
var okItems = map[string]map[string]esutil.BulkIndexerResponseItem{
	"create": {"create": {Status: 201, Result: "created"}},
	"index":  {"index": {Status: 201, Result: "created"}},
}

// UnmarshalFromReader implements esutil.BulkResponseJSONDecoder.
func (d *bulkDecoder) UnmarshalFromReader(r io.Reader, blk *esutil.BulkIndexerResponse) error {
	buf, _ := d.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() { buf.Reset(); d.bufs.Put(buf) }()
	if _, err := buf.ReadFrom(io.LimitReader(r, maxBulkResponse)); err != nil {
		return err
	}
	if n, ok := cleanItems(buf.Bytes()); ok {
		blk.HasErrors = false
		blk.Items = make([]map[string]esutil.BulkIndexerResponseItem, n)
		for i := range blk.Items {
			blk.Items[i] = okItems["create"]
		}
		return nil
	}
	p := d.parsers.Get()
	defer d.parsers.Put(p)
	return decodeBulk(p, buf.Bytes(), blk)
}

// cleanItems is the fast path for the common answer: when the response
// starts with "errors":false every item succeeded, and each item carries
// exactly one "status" key (the indexer asks for took, errors and the items'
// status, error, _id and _index only), so counting that key counts the
// items without parsing them. A key pattern cannot occur inside a string
// value, where quotes are escaped.
func cleanItems(data []byte) (int, bool) {
	head := data[:min(len(data), 48)]
	i := bytes.Index(head, []byte(`"errors":false`))
	if i < 0 || !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("]}")) {
		return 0, false
	}
	return bytes.Count(data[i:], []byte(`"status":`)), true
}

// decodeBulk fills blk from a bulk response body.
func decodeBulk(p *fastjson.Parser, data []byte, blk *esutil.BulkIndexerResponse) error {
	v, err := p.ParseBytes(data)
	if err != nil {
		return fmt.Errorf("bulk response: %w", err)
	}
	blk.Took = v.GetInt("took")
	blk.HasErrors = v.GetBool("errors")
	items := v.GetArray("items")
	blk.Items = make([]map[string]esutil.BulkIndexerResponseItem, len(items))
	for i, it := range items {
		obj, err := it.Object()
		if err != nil || obj.Len() != 1 {
			return fmt.Errorf("bulk response: item %d is not an object of one operation", i)
		}
		var op string
		var res *fastjson.Value
		obj.Visit(func(k []byte, v *fastjson.Value) { op, res = string(k), v })
		status := res.GetInt("status")
		if status >= 200 && status < 300 && res.Get("error") == nil {
			if m, ok := okItems[op]; ok {
				blk.Items[i] = m
				continue
			}
		}
		blk.Items[i] = map[string]esutil.BulkIndexerResponseItem{op: decodeItem(res, status)}
	}
	return nil
}

func decodeItem(v *fastjson.Value, status int) esutil.BulkIndexerResponseItem {
	var it esutil.BulkIndexerResponseItem
	it.Status = status
	it.Index = string(v.GetStringBytes("_index"))
	it.DocumentID = string(v.GetStringBytes("_id"))
	it.Result = string(v.GetStringBytes("result"))
	if e := v.Get("error"); e != nil {
		if e.Type() == fastjson.TypeString {
			it.Error.Type, it.Error.Reason = "error", string(e.GetStringBytes())
		} else {
			it.Error.Type = string(e.GetStringBytes("type"))
			it.Error.Reason = string(e.GetStringBytes("reason"))
			it.Error.Cause.Type = string(e.GetStringBytes("caused_by", "type"))
			it.Error.Cause.Reason = string(e.GetStringBytes("caused_by", "reason"))
		}
		if it.Error.Type == "" {
			it.Error.Type = "error"
		}
	}
	if status == 0 && it.Error.Type == "" {
		it.Error.Type, it.Error.Reason = "invalid_response", "bulk response item without a status"
	}
	return it
}
