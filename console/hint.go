package console

import (
	"fmt"
	"time"
)

// EmptyHint is what to tell a trainee whose query found nothing: the
// window the workspace's data covers, and whether the time range asked for
// lies outside it (from or to may be zero: unbounded).
func EmptyHint(dataFrom, dataTo, from, to time.Time) string {
	const layout = "2006-01-02 15:04 UTC"
	msg := fmt.Sprintf("0 rows; this workspace covers %s – %s", dataFrom.UTC().Format(layout), dataTo.UTC().Format(layout))
	if (!from.IsZero() && !from.Before(dataTo)) || (!to.IsZero() && !to.After(dataFrom)) {
		msg += ": the time range lies outside the data"
	}
	return msg
}
