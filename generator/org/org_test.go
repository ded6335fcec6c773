package org

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestNewIsDeterministicAndSized(t *testing.T) {
	a, b := New(7, 0, 0), New(7, 0, 0)
	if !reflect.DeepEqual(names(a), names(b)) || a.Domain != b.Domain {
		t.Fatal("same seed gave different organisations")
	}
	if len(a.Users) != DefaultUsers {
		t.Fatalf("users = %d", len(a.Users))
	}
	if n := len(a.Hosts); n < 240 || n > 260 {
		t.Fatalf("hosts = %d, want about 250", n)
	}
	c := New(8, 0, 0)
	if reflect.DeepEqual(names(a), names(c)) {
		t.Fatal("another seed gave the same people")
	}
}

func TestAddressesAreUniqueAndPlanned(t *testing.T) {
	o := New(1, 500, 0)
	seen := map[netip.Addr]string{}
	for _, h := range o.Hosts {
		if prev, dup := seen[h.IP]; dup {
			t.Fatalf("%s and %s share %s", prev, h.Name, h.IP)
		}
		seen[h.IP] = h.Name
		if !IsInternal(h.IP) {
			t.Fatalf("%s has public address %s", h.Name, h.IP)
		}
	}
	for _, s := range o.Services {
		for _, ip := range s.IPs {
			if IsInternal(ip) || GeoOf(ip) == nil {
				t.Fatalf("service %s has address %s", s.Domain, ip)
			}
		}
	}
	if o.UserByName("svc-backup") == nil || o.Bastion == nil || o.Scanner == nil {
		t.Fatal("well-known accounts or hosts missing")
	}
}

func names(o *Org) []string {
	var out []string
	for _, u := range o.Users {
		out = append(out, u.Name+"|"+u.Home.ISO)
	}
	return out
}
