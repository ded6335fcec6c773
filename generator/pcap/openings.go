package pcap

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"unicode/utf16"
)

// openings.go gives the flows no log record describes the first bytes their
// protocol really sends, where a trainee opening the capture looks: SSH
// identification strings and key exchange (KEXINIT, ECDH, NEWKEYS) before
// the encrypted bytes; SMB2 NEGOTIATE, SESSION_SETUP (NTLMSSP) and
// TREE_CONNECT with their responses; SMTP's greeting, EHLO, MAIL FROM, RCPT
// TO and DATA. What follows the opening is the flow's opaque filler. The
// software a client runs follows from its address only (the same host
// always runs the same client), never from the truth.

// openingStreams replaces the opaque streams of a TCP flow by its
// protocol's opening, when the flow's protocol (network.protocol, or the
// server port) is one the writer knows.
func (g *flowGen) openingStreams(seed uint64) {
	var cli, srv []byte
	switch {
	case g.proto == "ssh" || g.proto == "" && g.key.dport == 22:
		cli = alignSSH(fitSSH(sshOpening(sshClients[pickOf(g.key.src, len(sshClients))], true, seed), g.cli.st.size, seed), g.cli.st.size, g.kc, seed)
		srv = alignSSH(fitSSH(sshOpening(sshServer, false, seed>>9), g.srv.st.size, seed>>9), g.srv.st.size, g.ks, seed>>9)
	case g.proto == "smb" || g.proto == "" && g.key.dport == 445:
		cli, srv = smbOpening(g.key.dst, seed)
	case g.proto == "smtp" || g.proto == "" && (g.key.dport == 25 || g.key.dport == 587):
		cli, srv = smtpOpening(g.key.src, g.key.dst, seed)
		g.serverFirst = true
		g.cli.st.fill = fillText // the message after DATA
	default:
		return
	}
	g.cli.st = withHead(g.cli.st, cli)
	g.srv.st = withHead(g.srv.st, srv)
}

// withHead puts head at the start of s, cut to the stream's size.
func withHead(s stream, head []byte) stream {
	if int64(len(head)) > s.size {
		head = head[:s.size]
	}
	s.head = head
	if s.fill == fillRecords {
		s.fill = fillRandom
	}
	return s
}

// pickOf picks one of n by an address: the same host, the same choice.
func pickOf(ip netip.Addr, n int) int {
	b := ip.As16()
	return int(splitmix(binary.BigEndian.Uint64(b[8:])^binary.BigEndian.Uint64(b[:8])) % uint64(n))
}

// sshSoftware is what an SSH implementation says and offers.
type sshSoftware struct {
	banner           string
	kex, hostKey     string
	cipher, mac, cmp string
}

var (
	sshServer  = sshSoftware{"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256", "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519", "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com", "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256,hmac-sha1", "none,zlib@openssh.com"}
	sshClients = []sshSoftware{
		{"SSH-2.0-OpenSSH_9.6", "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ext-info-c", "ssh-ed25519-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256", "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com", "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256", "none,zlib@openssh.com,zlib"},
		{"SSH-2.0-PuTTY_Release_0.80", "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha256", "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256,ssh-rsa", "aes256-ctr,aes256-cbc,aes128-ctr,chacha20-poly1305@openssh.com", "hmac-sha2-256,hmac-sha1,hmac-sha2-512", "none,zlib,zlib@openssh.com"},
		{"SSH-2.0-libssh2_1.10.0", "ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1", "ecdsa-sha2-nistp256,ssh-rsa,ssh-dss", "aes128-ctr,aes192-ctr,aes256-ctr,aes256-cbc,3des-cbc", "hmac-sha2-256,hmac-sha1,hmac-md5", "none"},
		{"SSH-2.0-Go", "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha1", "ssh-rsa,ecdsa-sha2-nistp256,ssh-ed25519", "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,aes128-ctr,aes256-ctr", "hmac-sha2-256-etm@openssh.com,hmac-sha2-256,hmac-sha1", "none"},
	}
)

// fitSSH fits an SSH opening (identification line, then binary packets)
// into a stream of size bytes: whole, when it fits with room for encrypted
// packets after it; otherwise the line and the packets that fit, then one SSH_MSG_IGNORE packet filling the stream
// exactly, so that no packet is cut and nothing after it reads as a
// broken plaintext packet.
func fitSSH(open []byte, size int64, seed uint64) []byte {
	// What follows the opening reads as encrypted packets, unless it is
	// too short to be one.
	if rest := size - int64(len(open)); rest == 0 || rest >= 2*ignoreMin {
		return open
	}
	end := 0
	for i := range len(open) - 1 {
		if open[i] == '\r' && open[i+1] == '\n' {
			end = i + 2
			break
		}
	}
	if int64(end) > size {
		return open[:size]
	}
	for end+4 <= len(open) {
		n := end + 4 + int(binary.BigEndian.Uint32(open[end:]))
		if int64(n)+ignoreMin > size {
			break
		}
		end = n
	}
	out := open[:end:end]
	if rest := size - int64(end); rest >= ignoreMin {
		out = appendIgnore(out, rest, seed)
	} else {
		out = append(out, make([]byte, rest)...)
	}
	return out
}

// appendIgnore appends an SSH_MSG_IGNORE packet of exactly n bytes (n >=
// ignoreMin).
func appendIgnore(b []byte, n int64, seed uint64) []byte {
	ign := sshString([]byte{2}, appendRandom(nil, int(n-ignoreMin), seed^0x1f))
	b = binary.BigEndian.AppendUint32(b, uint32(1+len(ign)+4))
	b = append(b, 4)
	b = append(b, ign...)
	return appendRandom(b, 4, seed^0x2f)
}

// newKeysLen is the size of the NEWKEYS packet that ends an opening.
const newKeysLen = 16

// alignSSH makes a whole opening end where one of the side's data segments
// (segs of them over size bytes) ends, with an SSH_MSG_IGNORE before
// NEWKEYS: the encrypted packets then start with a segment, as tshark
// needs to read them (it takes a few bytes left after NEWKEYS in a segment
// for a broken packet).
func alignSSH(open []byte, size, segs int64, seed uint64) []byte {
	n := int64(len(open))
	if segs <= 0 || n >= size || open[len(open)-newKeysLen+5] != 21 {
		return open
	}
	for d := int64(1); d <= segs; d++ {
		gap := muldiv(size, d, segs) - n
		if gap == 0 {
			return open
		}
		if gap >= ignoreMin {
			out := append([]byte(nil), open[:n-newKeysLen]...)
			out = appendIgnore(out, gap, seed)
			return append(out, open[n-newKeysLen:]...)
		}
	}
	return open
}

// ignoreMin is the size of an SSH_MSG_IGNORE packet with no data and four
// bytes of padding.
const ignoreMin = 4 + 1 + 1 + 4 + 4

// sshOpening is one side's identification string, KEXINIT, its half of an
// ECDH key exchange and NEWKEYS. Every client's first cipher hides the
// packet length (chacha20-poly1305, or CTR with a MAC over the plaintext),
// as most sessions negotiate, so that what follows reads as encrypted
// packets and not as broken plaintext ones.
func sshOpening(sw sshSoftware, client bool, seed uint64) []byte {
	b := []byte(sw.banner + "\r\n")
	kex := []byte{20}
	kex = appendRandom(kex, 16, seed) // cookie
	for _, l := range []string{sw.kex, sw.hostKey, sw.cipher, sw.cipher, sw.mac, sw.mac, sw.cmp, sw.cmp, "", ""} {
		kex = sshString(kex, []byte(l))
	}
	kex = append(kex, 0, 0, 0, 0, 0)
	b = sshPacket(b, kex, seed)
	if client {
		b = sshPacket(b, sshString([]byte{30}, appendRandom(nil, 32, seed^1)), seed^2) // SSH_MSG_KEX_ECDH_INIT
	} else {
		point := append([]byte{4}, appendRandom(nil, 64, seed^3)...)
		hostKey := sshString(sshString(sshString(nil, []byte("ecdsa-sha2-nistp256")), []byte("nistp256")), point)
		r, s := appendRandom(nil, 32, seed^4), appendRandom(nil, 32, seed^8)
		r[0], s[0] = r[0]&0x7f, s[0]&0x7f // positive mpints
		sig := sshString(sshString(nil, []byte("ecdsa-sha2-nistp256")), sshString(sshString(nil, r), s))
		reply := sshString(sshString(sshString([]byte{31}, hostKey), appendRandom(nil, 32, seed^5)), sig) // SSH_MSG_KEX_ECDH_REPLY
		b = sshPacket(b, reply, seed^6)
	}
	return sshPacket(b, []byte{21}, seed^7) // SSH_MSG_NEWKEYS
}

func sshString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// sshPacket appends an unencrypted binary packet (RFC 4253, 6): length,
// padding length, payload, 4 to 11 bytes of padding to a multiple of 8.
func sshPacket(b, payload []byte, seed uint64) []byte {
	pad := 8 - (5+len(payload))%8
	if pad < 4 {
		pad += 8
	}
	b = binary.BigEndian.AppendUint32(b, uint32(1+len(payload)+pad))
	b = append(b, byte(pad))
	b = append(b, payload...)
	return appendRandom(b, pad, seed)
}

// SMB2 commands.
const (
	smbNegotiate    = 0
	smbSessionSetup = 1
	smbTreeConnect  = 3
)

// smbOpening is the client's NEGOTIATE, SESSION_SETUP (an NTLMSSP
// NEGOTIATE) and TREE_CONNECT to \\server\IPC$, and the server's answers,
// each in its NetBIOS session frame.
func smbOpening(server netip.Addr, seed uint64) (cli, srv []byte) {
	session := splitmix(seed) | 1<<40
	tree := uint32(splitmix(seed^9)) | 1

	neg := le16(nil, 36, 4, 1, 0)
	neg = le32(neg, 0x7f)                     // capabilities
	neg = appendRandom(neg, 16, seed^0x11)    // client GUID
	neg = append(neg, 0, 0, 0, 0, 0, 0, 0, 0) // client start time
	neg = le16(neg, 0x0202, 0x0210, 0x0300, 0x0302)
	cli = nbss(cli, smbHeader(smbNegotiate, 0, 0, 0, 0, false), neg)

	ntlm := append([]byte("NTLMSSP\x00"), 1, 0, 0, 0)
	ntlm = le32(ntlm, 0xe2088297)
	ntlm = append(ntlm, make([]byte, 16)...)         // empty domain and workstation
	setup := append([]byte{25, 0, 0, 1}, 1, 0, 0, 0) // size, flags, security mode, capabilities
	setup = le32(setup[:4], 1)
	setup = le32(setup, 0)                        // channel
	setup = le16(setup, 64+24, uint16(len(ntlm))) // security buffer
	setup = append(setup, 0, 0, 0, 0, 0, 0, 0, 0) // previous session
	setup = append(setup, ntlm...)
	cli = nbss(cli, smbHeader(smbSessionSetup, 1, 0, 0, 0, false), setup)

	path := utf16le(fmt.Sprintf(`\\%s\IPC$`, server))
	tc := le16(nil, 9, 0, 64+8, uint16(len(path)))
	tc = append(tc, path...)
	cli = nbss(cli, smbHeader(smbTreeConnect, 2, session, 0, 0, false), tc)

	nr := le16(nil, 65, 1, 0x0302, 0)
	nr = appendRandom(nr, 16, seed^0x22) // server GUID
	nr = le32(nr, 0x2f, 8<<20, 8<<20, 8<<20)
	nr = append(nr, make([]byte, 16)...) // system time, start time
	nr = le16(nr, 128, 0)
	nr = le32(nr, 0)
	nr = append(nr, 0)
	srv = nbss(srv, smbHeader(smbNegotiate, 0, 0, 0, 0, true), nr)
	sr := le16(nil, 9, 0, 72, 0)
	sr = append(sr, 0)
	srv = nbss(srv, smbHeader(smbSessionSetup, 1, session, 0, 0, true), sr)
	tr := []byte{16, 0, 2, 0} // size, share type pipe, reserved
	tr = le32(tr, 0x30, 0, 0x1f01ff)
	srv = nbss(srv, smbHeader(smbTreeConnect, 2, session, tree, 0, true), tr)
	return cli, srv
}

// smbHeader is a 64-byte SMB2 sync header.
func smbHeader(cmd uint16, msgID, session uint64, tree, status uint32, response bool) []byte {
	h := []byte{0xfe, 'S', 'M', 'B'}
	h = le16(h, 64, 1)
	h = le32(h, status)
	h = le16(h, cmd, 31)
	flags := uint32(0)
	if response {
		flags = 1
	}
	h = le32(h, flags, 0)
	h = binary.LittleEndian.AppendUint64(h, msgID)
	h = le32(h, 0xfeff, tree)
	h = binary.LittleEndian.AppendUint64(h, session)
	return append(h, make([]byte, 16)...)
}

// nbss appends one NetBIOS session message: type 0, 24-bit length.
func nbss(b, hdr, body []byte) []byte {
	n := len(hdr) + len(body)
	b = append(b, 0, byte(n>>16), byte(n>>8), byte(n))
	return append(append(b, hdr...), body...)
}

func le16(b []byte, vs ...uint16) []byte {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	return b
}

func le32(b []byte, vs ...uint32) []byte {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// smtpOpening is an SMTP delivery: the server's greeting and replies, the
// client's EHLO, MAIL FROM, RCPT TO, DATA and the message's headers.
func smtpOpening(client, server netip.Addr, seed uint64) (cli, srv []byte) {
	senders := []string{"billing", "noreply", "hr", "it-support", "newsletter", "alerts"}
	domains := []string{"example.com", "example.net", "example.org"}
	from := senders[seed%uint64(len(senders))] + "@" + domains[(seed>>8)%uint64(len(domains))]
	to := "info@" + domains[(seed>>16)%uint64(len(domains))]
	host := fmt.Sprintf("host-%s.%s", dashed(client), domains[(seed>>24)%uint64(len(domains))])
	mx := fmt.Sprintf("mail-%s", dashed(server))
	cli = fmt.Appendf(nil, "EHLO %s\r\nMAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: Message %d\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
		host, from, to, from, to, seed%100000)
	srv = fmt.Appendf(nil, "220 %s ESMTP\r\n250-%s\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250 8BITMIME\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued\r\n221 2.0.0 Bye\r\n",
		mx, mx)
	return cli, srv
}

func dashed(ip netip.Addr) string {
	b := []byte(ip.String())
	for i, c := range b {
		if c == '.' || c == ':' {
			b[i] = '-'
		}
	}
	return string(b)
}
