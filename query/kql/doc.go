// Package kql is the syntax of the Kibana Query Language as soclab's
// search command takes it: field:value with wildcards and quoted phrases,
// field:(a or b), field:* (exists), ranges (field >= value), and, or, not
// and parentheses. It only parses and prints; package query compiles a
// tree into a predicate over the same rows ES|QL reads.
package kql
