package grader

import (
	"fmt"
	"strings"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// decoyAssetPenalty is what naming a decoy's host or user as affected costs,
// as a share of the criterion.
const decoyAssetPenalty = 0.2

func scoreAssets(key *instance.Key, sub *Submission) result {
	users, hosts := key.Report.Users, key.Report.Hosts
	res := result{applicable: len(users)+len(hosts) > 0}
	if !res.applicable {
		return res
	}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	r := sub.Report
	section := report.NormalizeText(r.Text(report.Assets))
	all := r.NormalizedText()
	credit := 0.0
	count := func(kind string, values []string) {
		missing, elsewhere := 0, 0
		for _, v := range values {
			switch {
			case report.ContainsHost(section, v):
				credit++
			case report.ContainsHost(all, v):
				credit += 0.5
				elsewhere++
			default:
				missing++
			}
		}
		miss := Miss{"assets:" + kind, "missed affected " + kind + "s"}
		if missing > 0 {
			res.say(fmt.Sprintf("affected assets: %d of %d affected %s(s) not named", missing, len(values), kind), miss)
		}
		if elsewhere > 0 {
			res.say(fmt.Sprintf("affected assets: %d affected %s(s) named elsewhere in the report but not under Affected Assets", elsewhere, kind), miss)
		}
	}
	count("user", users)
	count("host", hosts)
	penalty := 0.0
	for _, v := range sortedKeys(newEntities(key).decoys) {
		if !strings.ContainsAny(v, ":/@") && report.ContainsHost(section, v) {
			penalty += decoyAssetPenalty
			res.say(fmt.Sprintf("affected assets: %s is named as affected but its activity is benign", v))
		}
	}
	res.frac = clamp01(credit/float64(len(users)+len(hosts)) - penalty)
	return res
}
