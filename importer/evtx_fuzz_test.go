package importer

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/soclab/soclab/importer/evtxtest"
)

// FuzzImportEVTX imports EVTX files whose one chunk is the fuzzer's input
// (signature and checksums made right, so that records reach the mapping)
// and checks what every import must hold (fuzzImport). Seeds are chunks
// of Security logs written by evtxtest.
func FuzzImportEVTX(f *testing.F) {
	l := evtxtest.Logon{Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Computer: "dc-01", User: "jdoe", Domain: "NORTHWIND",
		UserSID: "S-1-5-21-1-2-3-1104", LogonType: 3, LogonID: 0x3e7, IP: "10.0.0.5", Port: 50000, Workstation: "WS-1",
		Status: 0xc000006d, SubStatus: 0xc0000064}
	for _, evs := range [][]evtxtest.Event{
		{evtxtest.Logon4625(l), evtxtest.Logon4624(l)},
		{evtxtest.Privileges4672(l, "SeDebugPrivilege"), evtxtest.Logon4625(l)},
	} {
		b, err := evtxtest.Marshal(evs)
		if err != nil {
			f.Fatal(err)
		}
		chunk := b[4096 : 4096+65536]
		f.Add(chunk[:binary.LittleEndian.Uint32(chunk[48:])])
	}
	head, err := evtxtest.Marshal(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 65536 {
			return
		}
		file := append(bytes.Clone(head[:4096]), make([]byte, 65536)...)
		copy(file[4096:], data)
		copy(file[4096:], "ElfChnk\x00")
		if len(data) < 52 {
			binary.LittleEndian.PutUint32(file[4096+48:], 512)
		}
		evtxtest.FixChecksums(file)
		fuzzImport(t, EVTX, "fuzz.evtx", file)
	})
}
