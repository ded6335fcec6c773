// Package esql is the syntax of soclab's ES|QL subset: a hand-written lexer,
// a recursive-descent parser with precedence climbing, the AST and a printer
// whose output parses back to the same tree. It follows Elasticsearch's
// ES|QL grammar for the commands and operators soclab runs (FROM, WHERE,
// EVAL, STATS … BY, SORT, LIMIT, KEEP, DROP, RENAME, MV_EXPAND, DISSECT, GROK) and knows
// nothing about evaluation: package query type-checks and runs the tree.
//
// Positions are byte offsets into the query; ParseErr turns them into
// "line L:C" only when printed, as Elasticsearch words its errors.
package esql
