package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/soclab/soclab/store/elastic/elastictest"
)

// TestESScripts runs the end-to-end scripts of the es commands in
// testdata/script-es, each against its own fake Elasticsearch (also
// playing Kibana) whose URL is in $SOCLAB_ES_URL and $FAKE_ES. A script
// may script the fake with a file fakees.conf:
//
//	user NAME PASSWORD          require these credentials
//	reject ID STATUS TYPE REASON  reject the document with this _id, always
//	query-response JSON         the body _query answers with
//	template NAME JSON          an index template installed before the script (Fleet's, say)
//	data-stream NAME            a data stream created before the script, from its template
//
// The scripts in testdata/script/es*.txtar need no cluster; the shared
// runner runs them.
func TestESScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script-es",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			fake := elastictest.NewServer()
			env.Defer(fake.Close)
			if err := scriptFake(fake, filepath.Join(env.WorkDir, "fakees.conf")); err != nil {
				return err
			}
			for _, k := range []string{envESAPIKey, envESUsername, envESPassword, envESCACert, envESCAFingerprint, "SOCLAB_KIBANA_URL"} {
				env.Setenv(k, "")
			}
			env.Setenv(envESURL, fake.URL)
			env.Setenv("FAKE_ES", fake.URL)
			return nil
		},
	})
}

func scriptFake(fake *elastictest.Server, conf string) error {
	f, err := os.Open(conf)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	rejects := map[string][3]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
		case fields[0] == "user" && len(fields) == 3:
			fake.Username, fake.Password = fields[1], fields[2]
		case fields[0] == "reject" && len(fields) >= 5:
			rejects[fields[1]] = [3]string{fields[2], fields[3], strings.Join(fields[4:], " ")}
		case fields[0] == "query-response":
			fake.QueryResponse = strings.TrimSpace(strings.TrimPrefix(sc.Text(), "query-response"))
		case fields[0] == "template" && len(fields) >= 3:
			body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "template "+fields[1]))
			if err := fake.PutTemplate(fields[1], []byte(body)); err != nil {
				return fmt.Errorf("%s: template %s: %w", conf, fields[1], err)
			}
		case fields[0] == "data-stream" && len(fields) == 2:
			if err := fake.CreateDataStream(fields[1]); err != nil {
				return fmt.Errorf("%s: data-stream %s: %w", conf, fields[1], err)
			}
		default:
			return &os.PathError{Op: "parse", Path: conf, Err: os.ErrInvalid}
		}
	}
	if len(rejects) > 0 {
		fake.ItemFault = func(it elastictest.Item) (int, string, string) {
			if r, ok := rejects[it.ID]; ok {
				st, _ := strconv.Atoi(r[0])
				return st, r[1], r[2]
			}
			return 0, "", ""
		}
	}
	return sc.Err()
}
