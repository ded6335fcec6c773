// Package pcap writes the packets behind soclab's network events to a pcap
// file (gopacket's pcapgo, pure Go): Writer is an event.Sink that reads the
// generator's time-ordered stream and turns every zeek.connection event, with
// the zeek.dns and soclab.proxy records of the same connection, into the
// frames a sensor would have captured. The sizes in sizes.go let the
// generator make flow byte counts that the packets match exactly.
//
// # Contract between flow events and packets
//
// A zeek.connection event's @timestamp (event.start) is its first packet (SYN
// or first UDP datagram) and event.end its last; the packets in between are
// spread evenly over that span. source.packets and source.bytes count the
// IP packets and IP bytes the source sends: IPv4 header 20 (IPv6 40) + TCP
// header 20 (no options) or UDP header 8, + payload; destination.* count
// those sent back.
//
// soclab.flow.state "established" is SYN, SYN-ACK, ACK, the client's data
// with the server's ACKs, the server's data with the client's ACKs, then
// FIN-ACK from the client, FIN-ACK from the server and the client's last
// ACK: it needs source.packets >= 4 and destination.packets >= 2. The
// payload is spread over the spare packets in segments of at most MSS
// (1460) bytes; spare packets beyond DataSegments become pure ACKs, or
// smaller segments when there is nothing new to acknowledge. "rejected" is
// SYN answered by RST-ACK (1 and 1; more source packets are SYN retries);
// "no_reply" is 1-3 SYN retries and nothing back, or, for UDP, datagrams
// without answer. A UDP flow interleaves the client's datagrams with the
// server's.
//
// DNS: a zeek.dns event and a UDP zeek.connection event with the same 5-tuple
// and @timestamp (either first in the stream) are one exchange: the query
// at the flow's start and the response at its end, in DNS wire format
// (gopacket layers.DNS, no name compression) with the logged dns.id,
// question, response code and answers (A, AAAA, CNAME, TXT, MX as "10
// mail.example.com" or a bare name, NS, PTR). The flow's bytes are 28 +
// DNSQueryLen and 28 + DNSMessageLen over IPv4 (48 + over IPv6). A DNS
// event without a flow gets its own two datagrams 1 ms apart. A datagram
// larger than its message carries EDNS padding (RFC 7830); UDP port 53
// flows without a record carry made-up, well-formed DNS messages (the only
// compressed name soclab writes is there: an 18-byte message, which nothing
// else fills exactly, names the root through a pointer). Names should
// have labels of at most 63 bytes; longer labels are split.
//
// HTTP: a soclab.proxy event joins the TCP flow of its 5-tuple that started
// at most MatchWindow before it (the flow comes first). For url.scheme http
// the client's stream is an HTTP/1.1 request with the logged method,
// path?query, Host and User-Agent (HTTPRequestLen bytes at least; extra
// bytes become a Cookie header or a body with Content-Length) and the
// server's is "HTTP/1.1 <status> <reason>" with Content-Type, Content-Length
// and a body (HTTPResponseLen bytes at least); JSON, XML, PNG, GIF and JPEG
// bodies are well-formed documents. For https the proxy inspected TLS, so
// the log has the URL, but the wire has TLS: a ClientHello whose SNI is
// url.domain, a ServerHello, then application_data records of opaque bytes
// (see tls.go); these fit in the same HTTPRequestLen/HTTPResponseLen sizes.
//
// The ClientHello's cipher suites and groups follow the client software
// its user agent names (tls.go): a browser's hello and a script's or an
// implant's have different JA3 and JA4 fingerprints.
//
// SSH, SMB and SMTP flows (by network.protocol, else by port) open as the
// protocol does (openings.go): SSH identification strings, KEXINIT, ECDH
// and NEWKEYS, then encrypted packets; SMB2 NEGOTIATE, SESSION_SETUP
// (NTLMSSP) and TREE_CONNECT to IPC$ with their responses; SMTP's greeting
// and replies (the server speaks first) and the client's EHLO, MAIL FROM,
// RCPT TO and DATA with the message headers. A client's SSH software
// follows from its address.
//
// Other flows carry opaque bytes of the right size (TLS records on port
// 443). A soclab.firewall deny of a TCP connection that no flow describes
// becomes a lone SYN at its @timestamp.
//
// Packets are written in time order (ties in arrival order). The writer
// keeps a heap of open flows, each a lazy packet generator, and holds every
// packet back until the stream is MatchWindow past it, so that late proxy
// records still join; memory is bounded by the flows open in that window.
// Frames are Ethernet with MACs derived from the IPs, checksums are
// computed, TCP sequence numbers run across the conversation, and every
// number that would be random (ISNs, IP ids, filler) derives from the flow's
// 5-tuple and start: the same events give the same bytes.
//
// Like a real sensor, the writer captures according to a Policy that looks
// at packets only, never at the truth (policy.go): by default every flow's
// handshake, its first HeadPackets packets within the first StreamDepth
// bytes each side sends, and its teardown; the bulk of a long transfer is
// left out, its sequence numbers still counting it. Stats.Truncated counts
// such flows, whose event still gives the whole size. FullCapture writes
// every packet (up to DefaultMaxFlowPackets a flow), which the contract
// above describes.
//
// A flow whose counts break the contract (too few packets for its state,
// fewer bytes than headers, too few bytes for its DNS or HTTP content) is
// written as close to it as possible and counted in Stats.Mismatched.
package pcap
