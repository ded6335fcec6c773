package columnar

import (
	"strconv"
	"strings"

	"github.com/soclab/soclab/event"
)

// geopoint.go makes an ECS geo_point field (source.geo.location) one
// column, as Elasticsearch's mapping makes it one field: an event's
// {"lat": 48.85, "lon": 2.35} (decoded as the leaves .lat and .lon)
// becomes the value "POINT (2.35 48.85)", the WKT ES|QL returns for a
// geo_point, so that a query written against one store works on the other.
// A string in WKT or "lat,lon" form (the other shapes Elasticsearch
// accepts) is read too.

// geoParts is one geo_point field's leaves met so far in an event.
type geoParts struct {
	parent         string
	lat, lon       event.Value
	hasLat, hasLon bool
}

// geoLeaf reports whether key is the lat or lon leaf of an ECS geo_point
// field, and which.
func geoLeaf(key string) (parent string, lat, ok bool) {
	n := len(key)
	if n < 5 || key[n-4] != '.' {
		return "", false, false
	}
	switch key[n-3:] {
	case "lat":
		lat = true
	case "lon":
	default:
		return "", false, false
	}
	parent = key[:n-4]
	if t, ok := ECSType(parent); !ok || t != GeoPoint {
		return "", false, false
	}
	return parent, lat, true
}

// holdGeo keeps a lat or lon leaf until the event's end; false (the leaf
// is then a column of its own) when it is not one number.
func (b *Builder) holdGeo(parent string, lat bool, v event.Value) bool {
	if _, ok := floatOf(v); !ok || v.Kind() == event.KindString {
		return false
	}
	i := 0
	for i < len(b.geo) && b.geo[i].parent != parent {
		i++
	}
	if i == len(b.geo) {
		b.geo = append(b.geo, geoParts{parent: parent})
	}
	g := &b.geo[i]
	if lat {
		g.lat, g.hasLat = v, true
	} else {
		g.lon, g.hasLon = v, true
	}
	return true
}

// addGeo adds the held geo_point fields of the current row: one WKT value
// for a complete point, the leaf as it came for half of one.
func (b *Builder) addGeo() {
	for _, g := range b.geo {
		switch {
		case g.hasLat && g.hasLon:
			lat, _ := floatOf(g.lat)
			lon, _ := floatOf(g.lon)
			if validPoint(lat, lon) { // Elasticsearch refuses a point off the globe
				b.col(g.parent).add(b.n, event.String(pointWKT(lat, lon)))
			}
		case g.hasLat:
			b.col(g.parent+".lat").add(b.n, g.lat)
		default:
			b.col(g.parent+".lon").add(b.n, g.lon)
		}
	}
	b.geo = b.geo[:0]
}

// pointWKT renders a point as ES|QL does: longitude first.
func pointWKT(lat, lon float64) string {
	return "POINT (" + strconv.FormatFloat(lon, 'f', -1, 64) + " " + strconv.FormatFloat(lat, 'f', -1, 64) + ")"
}

// ParsePoint reads a geo_point given as a string: WKT "POINT (lon lat)"
// (as a column holds it: what turns it back into {lat, lon} for an event)
// or "lat,lon".
func ParsePoint(s string) (lat, lon float64, ok bool) {
	s = strings.TrimSpace(s)
	if rest, found := strings.CutPrefix(strings.ToUpper(s), "POINT"); found {
		rest = strings.TrimSpace(rest)
		if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
			return 0, 0, false
		}
		xy := strings.Fields(rest[1 : len(rest)-1])
		if len(xy) != 2 {
			return 0, 0, false
		}
		var err1, err2 error
		lon, err1 = strconv.ParseFloat(xy[0], 64)
		lat, err2 = strconv.ParseFloat(xy[1], 64)
		return lat, lon, err1 == nil && err2 == nil && validPoint(lat, lon)
	}
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	var err1, err2 error
	lat, err1 = strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 = strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lat, lon, err1 == nil && err2 == nil && validPoint(lat, lon)
}

func validPoint(lat, lon float64) bool { return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 }

// GeoLeaves adds to fields the .lat and .lon leaves of every ECS geo_point
// field in it (or of which it has one leaf): a decoder restricted to
// source.geo.location must read the leaves its object decodes into, and
// one restricted to source.geo.location.lat both, so that the point is
// whole and .lat is no column, as in Elasticsearch.
func GeoLeaves(fields []string) []string {
	out := fields
	for _, f := range fields {
		if t, ok := ECSType(f); ok && t == GeoPoint {
			out = append(out, f+".lat", f+".lon")
		} else if parent, _, ok := geoLeaf(f); ok { // both halves, or .lat would look like a column
			out = append(out, parent+".lat", parent+".lon")
		}
	}
	return out
}
