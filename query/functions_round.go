package query

import (
	"math"
	"strconv"
	"strings"

	"github.com/soclab/soclab/query/esql"
)

func init() {
	scalars["ROUND"] = scalarFunc{1, 2, compileRound}
}

// compileRound is ROUND(number [, decimals]), as Elasticsearch computes
// it: a double rounds half away from zero on its shortest decimal form
// (BigDecimal HALF_UP), so ROUND(2.675, 2) is 2.68 although the double is
// slightly below; negative decimals round a double to tens, hundreds...
// with ties up (Math.round), and an integer with ties away from zero; an
// integer with decimals >= 0 is unchanged. The result has the number's
// type, and is never -0.
func compileRound(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TDouble, TLong, TInteger); err != nil {
		return nil, err
	}
	if len(args) == 2 {
		if err := c.checkArg(x, 1, args[1], TLong, TInteger); err != nil {
			return nil, err
		}
	}
	t := args[0].typ
	if t == TNull {
		t = TDouble
	}
	return c.single(x, t, args, func(vs []Val) Val {
		d := int64(0)
		if len(vs) == 2 {
			d = vs[1].I
		}
		if vs[0].K == KFloat {
			return floatVal(roundFloat(vs[0].F, d))
		}
		return intVal(roundInt(vs[0].I, d))
	}), nil
}

// roundFloat rounds f half away from zero to d decimals, on its shortest
// decimal representation.
func roundFloat(f float64, d int64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) || d > 300 {
		return f
	}
	if d < 0 {
		// Elasticsearch: Math.round(f / 10^-d) * 10^-d, ties up.
		p := math.Pow(10, float64(-d))
		return math.Floor(f/p+0.5)*p + 0 // + 0 turns -0 into 0
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	digits := intPart + frac
	point := len(intPart)  // digits before the decimal point
	keep := point + int(d) // digits kept
	if keep >= len(digits) {
		return f
	}
	up := keep >= 0 && digits[keep] >= '5'
	if keep < 0 {
		keep = 0
	}
	kept := []byte(digits[:keep])
	if up {
		i := len(kept) - 1
		for ; i >= 0 && kept[i] == '9'; i-- {
			kept[i] = '0'
		}
		if i >= 0 {
			kept[i]++
		} else {
			kept = append([]byte{'1'}, kept...)
			point++
		}
	}
	for len(kept) < point {
		kept = append(kept, '0')
	}
	out := string(kept[:point]) + "." + string(kept[point:])
	if point == 0 {
		out = "0" + out
	}
	r, _ := strconv.ParseFloat(strings.TrimSuffix(out, "."), 64)
	if f < 0 && r != 0 {
		r = -r
	}
	return r
}

// roundInt rounds n half away from zero to 10^-d when d < 0.
func roundInt(n, d int64) int64 {
	if d >= 0 {
		return n
	}
	if d < -18 {
		return 0
	}
	p := int64(1)
	for i := int64(0); i < -d; i++ {
		p *= 10
	}
	q, r := n/p, n%p
	if r < 0 {
		r = -r
	}
	if r*2 >= p {
		if n < 0 {
			q--
		} else {
			q++
		}
	}
	return q * p
}
