package cohort

import (
	"html/template"
	"io"
)

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{"num": num, "pass": passWord, "pct": pct, "first": firstLine}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cohort report: {{.R.Lab}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
td.n { text-align: right; }
.failed { color: #a00; }
.bar { background: #2b6cb0; height: .8rem; display: inline-block; }
</style>
</head>
<body>
<h1>Cohort report: {{.R.Lab}}</h1>
{{with .R.Stats}}
<p>{{.Trainees}} trainees: {{.Graded}} graded, {{.Invalid}} not gradable; {{.Passed}} passed ({{num (pct .Passed .Trainees)}}%).</p>
{{if .Graded}}<p>Scores: mean {{num .Mean}}, median {{num .Median}}, min {{num .Min}}, max {{num .Max}}, standard deviation {{num .StdDev}}.</p>{{end}}
{{end}}
<figure>{{.Histogram}}</figure>
<h2>Criteria</h2>
<figure>{{.Criteria}}</figure>
<table>
<tr><th>Criterion</th><th>Mean points</th><th>Max</th><th>Mean %</th><th>Full marks</th></tr>
{{range .R.Stats.Criteria}}<tr><td>{{.Title}}</td><td class="n">{{num .MeanPoints}}</td><td class="n">{{num .Max}}</td><td class="n">{{num .MeanPercent}}%</td><td class="n">{{num .FullMarks}}%</td></tr>
{{end}}</table>
<h2>Skills the cohort lacks</h2>
<ul>
{{range .R.Stats.Gaps}}<li><span class="bar" style="width: {{num .Percent}}px"></span> {{num .Percent}}% {{.Label}} ({{.Count}} of {{$.R.Stats.Graded}})</li>
{{else}}<li>Nothing: every graded trainee had full marks.</li>
{{end}}</ul>
<h2>Trainees</h2>
<table>
<tr><th>Trainee</th><th>Score</th><th>Result</th><th>Triage</th><th>Report</th><th>Note</th></tr>
{{range .R.Trainees}}{{if .Grade}}<tr><td>{{.ID}}</td><td class="n">{{num .Grade.Score}}</td><td{{if not .Grade.Passed}} class="failed"{{end}}>{{pass .Grade.Passed}}</td><td class="n">{{num .Grade.Triage.Score}}</td><td class="n">{{num .Grade.Report.Score}}</td><td></td></tr>
{{else}}<tr><td>{{.ID}}</td><td class="n">0</td><td class="failed">not graded</td><td></td><td></td><td>{{first .Error}}</td></tr>
{{end}}{{end}}</table>
{{with .R.Others}}<h2>Entries not graded</h2>
<table>
<tr><th>Entry</th><th>Reason</th></tr>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>
{{end}}</body>
</html>
`))

// WriteHTML writes the cohort report as one self-contained HTML page with
// the charts embedded as inline SVG.
func (r *Result) WriteHTML(w io.Writer) error {
	hist, err := r.HistogramSVG()
	if err != nil {
		return err
	}
	crit, err := r.CriteriaSVG()
	if err != nil {
		return err
	}
	return htmlPage.Execute(w, struct {
		R                   *Result
		Histogram, Criteria template.HTML
	}{r, template.HTML(stripXMLHeader(hist)), template.HTML(stripXMLHeader(crit))})
}

// stripXMLHeader drops an SVG's "<?xml ...?>" line, which inline SVG must
// not carry.
func stripXMLHeader(svg []byte) []byte {
	for len(svg) > 0 && (svg[0] == '<' && len(svg) > 1 && svg[1] == '?' || svg[0] == '\n') {
		i := 0
		for i < len(svg) && svg[i] != '\n' {
			i++
		}
		if i < len(svg) {
			i++
		}
		svg = svg[i:]
	}
	return svg
}
