package console

import (
	"errors"
	"net/http"

	"github.com/soclab/soclab/store/elastic"
)

// hintBusy is added to a 429 from Elasticsearch: the client has already
// retried with back-off, so only waiting helps.
const hintBusy = "the cluster is too busy to run the query now and kept refusing it while soclab retried; wait a little and run it again"

// upstreamStatus maps an error of the Elasticsearch backend (with
// --es-url) to the console's answer: the cluster's 400 (a bad query) stays
// 400, its 429 stays 429, and any other failure of the cluster is 502 Bad
// Gateway, so the page can tell "fix your query" from "the cluster is
// down or refuses you". ok is false for errors that are not the cluster's.
func upstreamStatus(err error) (status int, hint string, ok bool) {
	var ee *elastic.Error
	if !errors.As(err, &ee) {
		return 0, "", false
	}
	switch ee.Status {
	case http.StatusBadRequest:
		return http.StatusBadRequest, "", true
	case http.StatusTooManyRequests:
		return http.StatusTooManyRequests, hintBusy, true
	}
	return http.StatusBadGateway, "", true
}
