package org

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"net/netip"

	"github.com/soclab/soclab/generator/telemetry"
)

// Countries is the fictional world soclab places people and addresses in.
// Coordinates are of the capital or a large city; ISPs and AS numbers are
// invented (AS numbers from the private-use range 64512–65534).
var Countries = []*Country{
	{ISO: "US", Name: "United States", City: "Chicago", Lat: 41.88, Lon: -87.63, TZ: "America/Chicago", ISP: "Lakeshore Broadband", ASN: 64601},
	{ISO: "US", Name: "United States", City: "San Francisco", Lat: 37.77, Lon: -122.42, TZ: "America/Los_Angeles", ISP: "Bayline Fiber", ASN: 64602},
	{ISO: "US", Name: "United States", City: "New York", Lat: 40.71, Lon: -74.01, TZ: "America/New_York", ISP: "Hudson Cable", ASN: 64603},
	{ISO: "GB", Name: "United Kingdom", City: "London", Lat: 51.51, Lon: -0.13, TZ: "Europe/London", ISP: "Thames Telecom", ASN: 64611},
	{ISO: "DE", Name: "Germany", City: "Frankfurt", Lat: 50.11, Lon: 8.68, TZ: "Europe/Berlin", ISP: "Mainnetz", ASN: 64621},
	{ISO: "FR", Name: "France", City: "Paris", Lat: 48.86, Lon: 2.35, TZ: "Europe/Paris", ISP: "Seine Numerique", ASN: 64622},
	{ISO: "NL", Name: "Netherlands", City: "Amsterdam", Lat: 52.37, Lon: 4.90, TZ: "Europe/Amsterdam", ISP: "Polder Hosting", ASN: 64623},
	{ISO: "IE", Name: "Ireland", City: "Dublin", Lat: 53.35, Lon: -6.26, TZ: "Europe/Dublin", ISP: "Liffey Net", ASN: 64624},
	{ISO: "ES", Name: "Spain", City: "Madrid", Lat: 40.42, Lon: -3.70, TZ: "Europe/Madrid", ISP: "Meseta Telecom", ASN: 64625},
	{ISO: "CA", Name: "Canada", City: "Toronto", Lat: 43.65, Lon: -79.38, TZ: "America/Toronto", ISP: "Maple Wireless", ASN: 64631},
	{ISO: "JP", Name: "Japan", City: "Tokyo", Lat: 35.68, Lon: 139.69, TZ: "Asia/Tokyo", ISP: "Kanto Hikari", ASN: 64641},
	{ISO: "SG", Name: "Singapore", City: "Singapore", Lat: 1.35, Lon: 103.82, TZ: "Asia/Singapore", ISP: "Straits Datacom", ASN: 64642},
	{ISO: "AU", Name: "Australia", City: "Sydney", Lat: -33.87, Lon: 151.21, TZ: "Australia/Sydney", ISP: "Harbour Internet", ASN: 64643},
	{ISO: "IN", Name: "India", City: "Bengaluru", Lat: 12.97, Lon: 77.59, TZ: "Asia/Kolkata", ISP: "Deccan Broadband", ASN: 64644},
	{ISO: "BR", Name: "Brazil", City: "Sao Paulo", Lat: -23.55, Lon: -46.63, TZ: "America/Sao_Paulo", ISP: "Paulista Fibra", ASN: 64651},
	{ISO: "RU", Name: "Russia", City: "Moscow", Lat: 55.76, Lon: 37.62, TZ: "Europe/Moscow", ISP: "Volga Hosting", ASN: 64661},
	{ISO: "CN", Name: "China", City: "Shanghai", Lat: 31.23, Lon: 121.47, TZ: "Asia/Shanghai", ISP: "Huangpu Cloud", ASN: 64662},
	{ISO: "KP", Name: "North Korea", City: "Pyongyang", Lat: 39.04, Lon: 125.76, TZ: "Asia/Pyongyang", ISP: "Taedong Link", ASN: 64663},
	{ISO: "IR", Name: "Iran", City: "Tehran", Lat: 35.69, Lon: 51.39, TZ: "Asia/Tehran", ISP: "Alborz Data", ASN: 64664},
	{ISO: "NG", Name: "Nigeria", City: "Lagos", Lat: 6.52, Lon: 3.38, TZ: "Africa/Lagos", ISP: "Lagoon Networks", ASN: 64665},
	{ISO: "VN", Name: "Vietnam", City: "Hanoi", Lat: 21.03, Lon: 105.85, TZ: "Asia/Ho_Chi_Minh", ISP: "Red River Telecom", ASN: 64666},
	{ISO: "RO", Name: "Romania", City: "Bucharest", Lat: 44.43, Lon: 26.10, TZ: "Europe/Bucharest", ISP: "Dambovita VPS", ASN: 64667},
	{ISO: "UA", Name: "Ukraine", City: "Kyiv", Lat: 50.45, Lon: 30.52, TZ: "Europe/Kyiv", ISP: "Dnipro Hosting", ASN: 64668},
	{ISO: "ZA", Name: "South Africa", City: "Johannesburg", Lat: -26.20, Lon: 28.05, TZ: "Africa/Johannesburg", ISP: "Highveld Online", ASN: 64669},
}

// CountryByISO returns the first country with that ISO code, or nil.
func CountryByISO(iso string) *Country {
	for _, c := range Countries {
		if c.ISO == iso {
			return c
		}
	}
	return nil
}

// internet lists the public ranges soclab's internet lives in.
var internet = []netip.Prefix{
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
}

// IsInternal reports whether ip is one of the organisation's private
// addresses.
func IsInternal(ip netip.Addr) bool { return ip.Is4() && ip.As4()[0] == 10 }

// GeoOf locates a public address in the fictional GeoIP: every /24 (every
// /48 for IPv6) lies in one country, the same for every seed. Internal
// addresses have no location.
func GeoOf(ip netip.Addr) *telemetry.Geo {
	if !ip.IsValid() || IsInternal(ip) {
		return nil
	}
	h := fnv.New32a()
	if ip.Is4() {
		b := ip.As4()
		h.Write(b[:3])
	} else {
		b := ip.As16()
		h.Write(b[:6])
	}
	return Countries[int(h.Sum32()%uint32(len(Countries)))].Geo()
}

// CountryOf returns the country GeoOf places ip in, or nil.
func CountryOf(ip netip.Addr) *Country {
	g := GeoOf(ip)
	if g == nil {
		return nil
	}
	for _, c := range Countries {
		if c.ISO == g.CountryISO && c.City == g.City {
			return c
		}
	}
	return nil
}

// RandomInternetIP draws a public address anywhere in soclab's internet,
// avoiding the organisation's own egress range.
func RandomInternetIP(r *rand.Rand) netip.Addr {
	for {
		p := internet[pickWeighted(r)]
		ip := randomIn(r, p)
		if ip.As4()[0] == 198 && ip.As4()[1] == 51 && ip.As4()[2] == 100 && ip.As4()[3] < 16 {
			continue // the organisation's egress block
		}
		return ip
	}
}

// RandomInternetIPIn draws a public address that GeoOf places in country
// iso; it falls back to any address after many tries.
func RandomInternetIPIn(r *rand.Rand, iso string) netip.Addr {
	for i := 0; i < 5000; i++ {
		ip := RandomInternetIP(r)
		if g := GeoOf(ip); g != nil && g.CountryISO == iso {
			return ip
		}
	}
	return RandomInternetIP(r)
}

func pickWeighted(r *rand.Rand) int {
	// The /15 is 512 times larger; weight the small ranges up so that they
	// appear too.
	switch n := r.IntN(10); {
	case n < 7:
		return 0
	case n < 8:
		return 1
	case n < 9:
		return 2
	default:
		return 3
	}
}

func randomIn(r *rand.Rand, p netip.Prefix) netip.Addr {
	base := p.Masked().Addr().As4()
	host := uint32(1) << (32 - p.Bits())
	v := binary.BigEndian.Uint32(base[:]) + 1 + r.Uint32N(host-2)
	var out [4]byte
	binary.BigEndian.PutUint32(out[:], v)
	return netip.AddrFrom4(out)
}

// nthAddr returns the n-th address of p (n from 0).
func nthAddr(p netip.Prefix, n int) netip.Addr {
	base := p.Masked().Addr().As4()
	v := binary.BigEndian.Uint32(base[:]) + uint32(n)
	var out [4]byte
	binary.BigEndian.PutUint32(out[:], v)
	return netip.AddrFrom4(out)
}

// Geo locates ip as the organisation's telemetry sees it: its own public
// addresses (egress block and published address) are at headquarters; any
// other public address is wherever GeoOf places it.
func (o *Org) Geo(ip netip.Addr) *telemetry.Geo {
	if ip == o.PublicIP {
		return o.HQ.Geo()
	}
	for _, e := range o.EgressIPs {
		if ip == e {
			return o.HQ.Geo()
		}
	}
	return GeoOf(ip)
}
