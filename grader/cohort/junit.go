package cohort

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// JUnit XML types, in the shape CI systems read (testsuites > testsuite >
// testcase with an optional failure).
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
)

// Failure types in the JUnit output.
const (
	FailureBelowPassMark = "below_pass_mark"
	FailureInvalid       = "invalid_submission"
)

// WriteJUnit writes one test case per trainee: passed when the trainee
// passed the lab's pass mark, failed (with the feedback sheet, or the
// reason the submission could not be graded) otherwise.
func (r *Result) WriteJUnit(w io.Writer) error {
	suite := junitSuite{Name: "soclab." + r.Lab, Tests: len(r.Trainees)}
	for i := range r.Trainees {
		t := &r.Trainees[i]
		c := junitCase{Name: t.ID, Classname: "soclab." + r.Lab}
		switch {
		case t.Grade == nil:
			c.Failure = &junitFailure{Message: "submission could not be graded", Type: FailureInvalid, Body: t.Error}
		default:
			var sheet bytes.Buffer
			t.Grade.WriteText(&sheet)
			if t.Grade.Passed {
				c.SystemOut = sheet.String()
			} else {
				c.Failure = &junitFailure{Message: fmt.Sprintf("score %s is under the pass mark %s", num(t.Grade.Score), num(t.Grade.PassMark)),
					Type: FailureBelowPassMark, Body: sheet.String()}
			}
		}
		if c.Failure != nil {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "soclab grade-cohort", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// num prints a score with at most two decimals and no trailing zeros.
func num(x float64) string { return strconv.FormatFloat(round2(x), 'f', -1, 64) }
