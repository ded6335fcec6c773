package importer

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/soclab/soclab/event"
)

// fuzzImport imports data as format f and checks what every import must
// hold whatever the input: no panic, counts that add up, and output that
// is valid NDJSON in time order.
func fuzzImport(t *testing.T, f Format, name string, data []byte) {
	var out bytes.Buffer
	st, err := ImportReader(f, name, bytes.NewReader(data), Options{Year: 2026, Location: time.UTC}, &out)
	if err != nil {
		if out.Len() != 0 {
			t.Fatalf("error %v after writing output", err)
		}
		return
	}
	if st.Mapped > st.Read && f != PCAP && f != Zeek {
		t.Fatalf("mapped %d of %d lines", st.Mapped, st.Read)
	}
	r := event.NewReader(&out, "out")
	var last time.Time
	n := 0
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output line %d: %v", n+1, err)
		}
		if e.Time().Before(last) {
			t.Fatalf("output out of order at line %d", n+1)
		}
		last = e.Time()
		n++
	}
	if n != st.Mapped {
		t.Fatalf("%d events written, %d counted", n, st.Mapped)
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzSSHD(f *testing.F) {
	addSeeds(f, "auth.log")
	f.Add([]byte("2026-03-02T10:00:00.5+01:00 h sshd[7]: Invalid user x from ::1 port 2\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, SSHD, "auth.log", data) })
}

func FuzzZeek(f *testing.F) {
	addSeeds(f, "conn.log", "dns.log", "ssl.json", "http.json")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, Zeek, "conn.log", data) })
}

func FuzzElastic(f *testing.F) {
	addSeeds(f, "export.ndjson")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, Elastic, "export.ndjson", data) })
}

func FuzzPCAP(f *testing.F) {
	f.Add(pcapSeed())
	f.Add([]byte{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, PCAP, "x.pcap", data) })
}

// pcapSeed is a small capture: a TCP handshake and an HTTP request, a TLS
// ClientHello with a server name, and a DNS exchange.
func pcapSeed() []byte {
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	_ = w.WriteFileHeader(65535, layers.LinkTypeEthernet)
	t := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c, s := net.IP{10, 0, 0, 1}, net.IP{192, 0, 2, 1}
	pkt := func(src, dst net.IP, l4 gopacket.SerializableLayer, payload []byte) {
		eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4}
		ip := &layers.IPv4{Version: 4, TTL: 64, SrcIP: src, DstIP: dst}
		sb := gopacket.NewSerializeBuffer()
		switch x := l4.(type) {
		case *layers.TCP:
			ip.Protocol = layers.IPProtocolTCP
			_ = x.SetNetworkLayerForChecksum(ip)
		case *layers.UDP:
			ip.Protocol = layers.IPProtocolUDP
			_ = x.SetNetworkLayerForChecksum(ip)
		}
		_ = gopacket.SerializeLayers(sb, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, l4, gopacket.Payload(payload))
		t = t.Add(time.Millisecond)
		_ = w.WritePacket(gopacket.CaptureInfo{Timestamp: t, CaptureLength: len(sb.Bytes()), Length: len(sb.Bytes())}, sb.Bytes())
	}
	pkt(c, s, &layers.TCP{SrcPort: 50000, DstPort: 80, SYN: true}, nil)
	pkt(s, c, &layers.TCP{SrcPort: 80, DstPort: 50000, SYN: true, ACK: true}, nil)
	pkt(c, s, &layers.TCP{SrcPort: 50000, DstPort: 80, ACK: true, PSH: true}, []byte("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\n\r\n"))
	pkt(s, c, &layers.TCP{SrcPort: 80, DstPort: 50000, ACK: true, PSH: true}, []byte("HTTP/1.1 404 Not Found\r\n\r\n"))
	hello := []byte{0x16, 3, 1, 0, 0, 1, 0, 0, 0, 3, 3}
	hello = append(hello, make([]byte, 32)...)
	hello = append(hello, 0, 0, 2, 0x13, 1, 1, 0)
	name := "sni.example.org"
	ext := []byte{0, 0, 0, byte(len(name) + 5), 0, byte(len(name) + 3), 0, 0, byte(len(name))}
	ext = append(ext, name...)
	hello = append(hello, 0, byte(len(ext)))
	hello = append(hello, ext...)
	pkt(c, s, &layers.TCP{SrcPort: 50001, DstPort: 443, SYN: true}, nil)
	pkt(c, s, &layers.TCP{SrcPort: 50001, DstPort: 443, ACK: true, PSH: true}, hello)
	q := &layers.DNS{ID: 7, RD: true, Questions: []layers.DNSQuestion{{Name: []byte("example.com"), Type: layers.DNSTypeA, Class: layers.DNSClassIN}}}
	qb := gopacket.NewSerializeBuffer()
	_ = q.SerializeTo(qb, gopacket.SerializeOptions{FixLengths: true})
	pkt(c, s, &layers.UDP{SrcPort: 53000, DstPort: 53}, qb.Bytes())
	a := *q
	a.QR, a.Answers = true, []layers.DNSResourceRecord{{Name: []byte("example.com"), Type: layers.DNSTypeA, Class: layers.DNSClassIN, TTL: 60, IP: net.IP{192, 0, 2, 80}}}
	ab := gopacket.NewSerializeBuffer()
	_ = a.SerializeTo(ab, gopacket.SerializeOptions{FixLengths: true})
	pkt(s, c, &layers.UDP{SrcPort: 53, DstPort: 53000}, ab.Bytes())
	return buf.Bytes()
}
