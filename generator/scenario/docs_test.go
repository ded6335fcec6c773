package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// paramRow is how docs/scenarios.md lists one parameter.
func paramRow(p ParamInfo) string {
	return fmt.Sprintf("| `%s` | %s | %s | %s |", p.Name, p.Type, p.Doc, p.Default)
}

// TestDocsListEveryParameter keeps docs/scenarios.md in step with the
// catalogue: every scenario has a section and every parameter its row,
// exactly as the catalogue describes it.
func TestDocsListEveryParameter(t *testing.T) {
	b, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, info := range Catalogue() {
		if !strings.Contains(doc, "### `"+info.ID+"`") {
			t.Errorf("docs/scenarios.md has no section for %s", info.ID)
		}
		for _, p := range info.Params {
			if !strings.Contains(doc, paramRow(p)) {
				t.Errorf("docs/scenarios.md lacks the row of %s.%s:\n%s", info.ID, p.Name, paramRow(p))
			}
		}
	}
}

// TestPrintDocTables prints the parameter tables for docs/scenarios.md
// (SCENARIO_DOC_TABLES=1 go test -run TestPrintDocTables -v).
func TestPrintDocTables(t *testing.T) {
	if os.Getenv("SCENARIO_DOC_TABLES") == "" {
		t.Skip()
	}
	for _, info := range Catalogue() {
		fmt.Printf("### `%s`\n\n%s\n\n| parameter | type | what | default |\n| --- | --- | --- | --- |\n", info.ID, info.Summary)
		for _, p := range info.Params {
			fmt.Println(paramRow(p))
		}
		fmt.Println()
	}
}
