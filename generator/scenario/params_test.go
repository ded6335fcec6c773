package scenario

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLookupSuggests(t *testing.T) {
	if _, err := Lookup("ssh-bruteforce"); err != nil {
		t.Fatal(err)
	}
	_, err := Lookup("ssh-brutforce")
	var ue *UnknownError
	if !errors.As(err, &ue) || ue.Suggestion != "ssh-bruteforce" || !errors.Is(err, ErrUnknown) {
		t.Fatalf("got %#v", err)
	}
	if want := `unknown scenario "ssh-brutforce" (did you mean "ssh-bruteforce"?)`; err.Error() != want {
		t.Fatalf("got %q, want %q", err, want)
	}
	_, err = Lookup("zzz")
	if !errors.As(err, &ue) || ue.Suggestion != "" || !strings.Contains(err.Error(), `"port-scan"`) {
		t.Fatalf("an id close to nothing should list the known ids: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		id     string
		params map[string]any
		want   []string // each error's text, in order
	}{
		{"ssh-bruteforce", map[string]any{"start": "+14h", "attempts": 40, "interval": "2s", "jitter": 0.2, "attacker_ip": "203.0.113.7", "country": "ru", "user": "svc-backup", "pivot": "none"}, nil},
		{"ssh-bruteforce", map[string]any{"start": time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), "attempts": "60", "jitter": 1}, nil},
		{"ssh-bruteforce", map[string]any{"atempts": 4}, []string{`scenario "ssh-bruteforce": parameter "atempts": unknown parameter (did you mean "attempts"?)`}},
		{"ssh-bruteforce", map[string]any{"attempts": "lots"}, []string{`scenario "ssh-bruteforce": parameter "attempts": want a whole number, got "lots"`}},
		{"ssh-bruteforce", map[string]any{"attempts": 2.5}, []string{`parameter "attempts": want a whole number, got 2.5 (float64)`}},
		{"ssh-bruteforce", map[string]any{"attempts": 1}, []string{`parameter "attempts": 1 is out of range: want 3 to 5000`}},
		{"ssh-bruteforce", map[string]any{"interval": 5}, []string{`parameter "interval": want a duration like "90s", "5m" or "2h30m" (with its unit), got 5 (int)`}},
		{"ssh-bruteforce", map[string]any{"interval": "1ms"}, []string{`parameter "interval": 1ms is out of range: want 50ms to 10m0s`}},
		{"ssh-bruteforce", map[string]any{"start": "tomorrow"}, []string{`parameter "start": want an RFC 3339 time ("2026-03-02T14:00:00Z") or an offset from the window start ("+14h"), got "tomorrow"`}},
		{"ssh-bruteforce", map[string]any{"start": "-2h"}, []string{`parameter "start": offset "-2h" is before the window start`}},
		{"ssh-bruteforce", map[string]any{"attacker_ip": "10.1.2.3"}, []string{`parameter "attacker_ip": 10.1.2.3 is an internal address: want a public one`}},
		{"ssh-bruteforce", map[string]any{"attacker_ip": "203.0.113"}, []string{`parameter "attacker_ip": want an IP address like "203.0.113.7", got "203.0.113"`}},
		{"ssh-bruteforce", map[string]any{"country": "XX"}, []string{`parameter "country": unknown country "XX": want one of US, GB`}},
		{"ssh-bruteforce", map[string]any{"jitter": 1.5}, []string{`parameter "jitter": 1.5 is out of range: want 0 to 1`}},
		{"ssh-bruteforce", map[string]any{"user": 7}, []string{`parameter "user": want the name of a user of the organisation, got 7 (int)`}},
		{"password-spray", map[string]any{"channel": "vpm"}, []string{`parameter "channel": "vpm" is not allowed (did you mean "vpn"?)`}},
		{"typo-user", map[string]any{"lockout": "maybe"}, []string{`parameter "lockout": want true or false, got "maybe"`}},
		{"typo-user", map[string]any{"lockout": "yes", "channel": "SSH"}, nil},
		{"port-scan", map[string]any{"a": 1, "b": 2}, []string{`parameter "a": unknown parameter (known: `, `parameter "b": unknown parameter`}},
		{"nope", nil, []string{`unknown scenario "nope"`}},
	} {
		errs := Validate(tc.id, tc.params)
		if len(errs) != len(tc.want) {
			t.Errorf("%s %v: got %v, want %d errors", tc.id, tc.params, errs, len(tc.want))
			continue
		}
		for i, err := range errs {
			if !strings.Contains(err.Error(), tc.want[i]) {
				t.Errorf("%s %v:\n got %q\nwant %q", tc.id, tc.params, err, tc.want[i])
			}
			var pe *ParamError
			if tc.id != "nope" && (!errors.As(err, &pe) || pe.Scenario != tc.id || !errors.Is(err, ErrParam)) {
				t.Errorf("%v is not a *ParamError of %s", err, tc.id)
			}
		}
	}
}

// genErr generates and returns the error, which must be a *ParamError
// naming param.
func genErr(t *testing.T, id string, params map[string]any, param string) string {
	t.Helper()
	_, err := Generate(id, testEnv(1, 0, params))
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != param {
		t.Fatalf("%s %v: got %v, want an error on %q", id, params, err, param)
	}
	return err.Error()
}

func TestGenerateRejectsWhatNeedsTheOrgOrWindow(t *testing.T) {
	for _, tc := range []struct {
		id     string
		params map[string]any
		param  string
		want   string
	}{
		{"ssh-bruteforce", map[string]any{"start": "2026-03-05T00:00:00Z"}, "start", `parameter "start": 2026-03-05T00:00:00.000Z is outside the window 2026-03-02T00:00:00.000Z to 2026-03-03T00:00:00.000Z`},
		{"ssh-bruteforce", map[string]any{"start": "+25h"}, "start", `is outside the window`},
		{"ssh-bruteforce", map[string]any{"start": "+23h50m", "session": "2h"}, "start", `the scenario runs until 2026-03-03T`},
		{"ssh-bruteforce", map[string]any{"user": "nobody-at-all"}, "user", `no account "nobody-at-all" in the organisation`},
		{"ssh-bruteforce", map[string]any{"user": "svc-bakup"}, "user", `(did you mean "svc-backup"?)`},
		{"ssh-bruteforce", map[string]any{"target": "dc-01"}, "target", `host "dc-01" is not a Linux host`},
		{"ssh-bruteforce", map[string]any{"pivot": "dc-01"}, "pivot", `want a Linux host other than the target`},
		{"c2-beacon", map[string]any{"host": "dc-01"}, "host", `host "dc-01" is not a workstation`},
		{"c2-beacon", map[string]any{"duration": "72h"}, "", `needs about 72h`},
		{"impossible-travel", map[string]any{"gap": "30h"}, "gap", `is enough to fly the`},
		{"account-manipulation", map[string]any{"new_user": "svc-backup"}, "new_user", `account "svc-backup" already exists`},
		{"account-manipulation", map[string]any{"admin": "svc-sql"}, "admin", `account "svc-sql" is not an administrator`},
		{"updater-beacon", map[string]any{"domain": "dl.gogle.com"}, "domain", `(did you mean "dl.google.com"?)`},
		{"port-scan", map[string]any{"hosts": 200, "ports": 500}, "ports", `100000 probes`},
	} {
		if got := genErr(t, tc.id, tc.params, tc.param); !strings.Contains(got, tc.want) {
			t.Errorf("%s %v:\n got %q\nwant %q", tc.id, tc.params, got, tc.want)
		}
	}
}

func TestParamsAreHonoured(t *testing.T) {
	env := testEnv(1, 0, map[string]any{"start": "+14h", "attacker_ip": "203.0.113.7", "user": "svc-deploy", "attempts": 10, "pivot": "none"})
	res := mustGenerate(t, "ssh-bruteforce", env)
	if got := res.Events[0].Time(); !got.Equal(testFrom.Add(14 * time.Hour)) {
		t.Errorf("first event at %s", got)
	}
	failures, accepted := 0, 0
	for _, e := range res.Events {
		if e.Dataset() != "system.auth" {
			continue
		}
		if e.Str("source.ip") != "203.0.113.7" {
			t.Errorf("ssh event from %s", e.Str("source.ip"))
		}
		switch {
		case e.Str("system.auth.ssh.event") == "Failed": // one "Failed password" line per attempt
			failures++
		case e.Str("event.action") == "ssh_login" && e.Str("event.outcome") == "success":
			accepted++
			if e.Str("user.name") != "svc-deploy" {
				t.Errorf("accepted login for %s", e.Str("user.name"))
			}
		}
	}
	if failures != 10 || accepted != 2 { // the session and a file transfer
		t.Errorf("%d failures and %d accepted logins", failures, accepted)
	}
	if got := res.Truth.Hosts; len(got) != 1 {
		t.Errorf("pivot none still hopped: hosts %v", got)
	}
}

func TestDrawnStartMovesBackIntoShortWindows(t *testing.T) {
	env := testEnv(2, 0, nil)
	env.To = env.From.Add(3 * time.Hour)
	res := mustGenerate(t, "c2-beacon", Env{Org: env.Org, Seed: 2, From: env.From, To: env.To, Params: map[string]any{"duration": "2h"}})
	if len(res.Events) == 0 {
		t.Fatal("no events")
	}
}

func TestDefaultsStayPutWhenAnotherParamIsSet(t *testing.T) {
	a := mustGenerate(t, "c2-beacon", testEnv(4, 0, nil))
	b := mustGenerate(t, "c2-beacon", testEnv(4, 0, map[string]any{"ttl": 60}))
	if a.Events[0].Time() != b.Events[0].Time() || a.Truth.IOCs[0] != b.Truth.IOCs[0] {
		t.Errorf("setting ttl moved the start or the domain")
	}
}

// FuzzValidate feeds YAML-like values of every kind to every parameter:
// Validate must never panic and must answer with typed errors only.
func FuzzValidate(f *testing.F) {
	fuzzSeeds(f)
	f.Add("password-spray", "channel", "vpm", int64(0), 0.0, uint8(0))
	f.Add("impossible-travel", "far_country", "jp", int64(0), 0.0, uint8(0))
	f.Fuzz(func(t *testing.T, id, name, s string, n int64, x float64, kind uint8) {
		if len(s) > 1000 || len(name) > 100 || len(id) > 100 {
			return
		}
		var v any
		switch kind % 6 {
		case 0:
			v = s
		case 1:
			v = int(n)
		case 2:
			v = x
		case 3:
			v = n%2 == 0
		case 4:
			v = time.Unix(n%(1<<40), 0)
		default:
			v = nil
		}
		for _, err := range Validate(id, map[string]any{name: v}) {
			var pe *ParamError
			var ue *UnknownError
			if !errors.As(err, &pe) && !errors.As(err, &ue) {
				t.Fatalf("untyped error %v", err)
			}
			if err.Error() == "" {
				t.Fatal("empty message")
			}
		}
	})
}
