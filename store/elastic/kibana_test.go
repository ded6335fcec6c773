package elastic

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

func TestImportKibana(t *testing.T) {
	fake := fakees.New() // answers Kibana's import API as well
	defer fake.Close()
	fake.Username, fake.Password = "elastic", "pw"
	cfg := fastConfig(fake)
	cfg.Username, cfg.Password = "elastic", "pw"
	c, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.ImportKibana(context.Background(), fake.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != len(bytes.Split(bytes.TrimSpace(SavedObjects), []byte("\n"))) || res.Imported < 8 {
		t.Errorf("imported %d", res.Imported)
	}
	if len(fake.Imports) != 1 || !bytes.Equal(fake.Imports[0], SavedObjects) {
		t.Error("Kibana did not receive the saved objects file")
	}
	// Kibana says no to these credentials.
	fake.Lock()
	fake.Password = "changed"
	fake.Unlock()
	if _, err := c.ImportKibana(context.Background(), fake.URL); !errors.Is(err, ErrAuth) {
		t.Errorf("err = %v, want ErrAuth", err)
	}
	if _, err := c.ImportKibana(context.Background(), "kibana:5601"); err == nil {
		t.Error("accepted a URL without scheme")
	}
}

func TestParseKibanaImportErrors(t *testing.T) {
	_, err := parseKibanaImport([]byte(`{"success":false,"successCount":1,"errors":[{"id":"x","type":"dashboard","title":"T","error":{"type":"missing_references"}}]}`))
	if err == nil || err.Error() != "kibana refused 1 saved object(s): dashboard x (T): missing_references " {
		t.Errorf("err = %v", err)
	}
}
