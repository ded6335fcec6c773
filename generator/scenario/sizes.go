package scenario

import (
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/telemetry"
)

// The wire sizes the pcap writer rebuilds from records. They come from the
// pcap package so that flows and packets always agree.

// Header bytes of one packet: IPv4 with TCP, and IPv4 with UDP.
const (
	tcpHeader = pcap.IPv4HeaderLen + pcap.TCPHeaderLen
	udpHeader = pcap.IPv4HeaderLen + pcap.UDPHeaderLen
)

func dnsQueryLen(name, qtype string) int64 { return int64(pcap.DNSQueryLen(name, qtype)) }

func dnsAnswerLen(name, qtype string, answers []telemetry.DNSAnswer) int64 {
	return int64(pcap.DNSMessageLen(name, qtype, answers))
}

func httpRequestLen(method, host, path, query, ua string) int64 {
	return int64(pcap.HTTPRequestLen(method, host, path, query, ua))
}

func httpResponseLen(status int, mime string) int64 {
	return int64(pcap.HTTPResponseLen(status, mime))
}

// segments is the number of full-size TCP segments payload needs.
func segments(payload int64) int64 { return pcap.DataSegments(payload) }
