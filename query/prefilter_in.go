package query

// inPrefilter describes `column IN ("a", "b", ...)` for the row selection
// of a leading WHERE (see prefilter) when the column is a plain keyword or
// text source column and every item a string constant; nil otherwise (NOT
// IN, IPs, numbers, expressions).
func inPrefilter(a *cexpr, items []*cexpr, not bool, t Type) *strEq {
	if not || !a.direct || t == TIP || !isString(t) {
		return nil
	}
	set := make(map[string]struct{}, len(items))
	for _, it := range items {
		if !it.konst || it.val.K != KStr {
			return nil
		}
		set[it.val.S] = struct{}{}
	}
	return &strEq{src: a.src, eq: true, in: set}
}
