package labs
import ("testing";"fmt";"time";"context";"os";"sort";"github.com/soclab/soclab/generator")
func TestX(t *testing.T){ l, err := BundledLab(os.Getenv("LAB")); if err != nil {t.Fatal(err)}
 for seed := int64(1); seed <= 3; seed++ {
 t0:=time.Now(); res, err := runInstance(context.Background(), l, seed, nil, generator.Options{}); if err != nil {t.Fatal(err)}
 k := buildKey(l, seed, res)
 fmt.Println("seed", seed, time.Since(t0), "events", res.events, res.datasets, "alerts", len(k.Alerts))
 c := map[string]int{}
 for _, a := range k.Alerts { c[fmt.Sprintf("%-16s %-8s %s [%s]", a.Verdict, a.Severity, a.Title, a.Scenario)]++ }
 var ks []string; for x := range c { ks = append(ks, x) }; sort.Strings(ks)
 for _, x := range ks { fmt.Printf("  %4d %s\n", c[x], x) }
 fmt.Println("  iocs", k.Report.IOCs, "decoys", k.Report.Decoys)
 }}
