package cohort

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

var barColor = color.RGBA{R: 0x2b, G: 0x6c, B: 0xb0, A: 0xff}

// HistogramSVG draws the score histogram: how many trainees scored in each
// ten-point band.
func (r *Result) HistogramSVG() ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Scores: %s (%d graded)", r.Lab, r.Stats.Graded)
	p.Y.Label.Text = "trainees"
	p.X.Label.Text = "score"
	vals := make(plotter.Values, len(r.Stats.Histogram))
	names := make([]string, len(r.Stats.Histogram))
	for i, b := range r.Stats.Histogram {
		vals[i] = float64(b.Count)
		names[i] = fmt.Sprintf("%g-%g", b.From, b.To)
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(22))
	if err != nil {
		return nil, err
	}
	bars.Color = barColor
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalX(names...)
	p.Y.Min = 0
	return render(p, 7*vg.Inch, 3.5*vg.Inch)
}

// CriteriaSVG draws each criterion's mean score as a share of its points.
func (r *Result) CriteriaSVG() ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Mean score per criterion (% of its points)"
	p.X.Label.Text = "%"
	n := len(r.Stats.Criteria)
	vals := make(plotter.Values, n)
	names := make([]string, n)
	for i, c := range r.Stats.Criteria {
		// the first criterion at the top
		vals[n-1-i] = c.MeanPercent
		names[n-1-i] = c.Title
	}
	if n == 0 {
		vals, names = plotter.Values{0}, []string{"no grades"}
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = barColor
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, 100
	return render(p, 7*vg.Inch, 4.5*vg.Inch)
}

func render(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return b.Bytes(), nil
}
