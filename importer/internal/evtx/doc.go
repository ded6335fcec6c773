// Package evtx reads Windows XML Event Log files (.evtx): the file header,
// its 64 KiB chunks (both CRC32 checksums checked), the event records in
// them and their Binary XML, with template definitions, template
// instances and their substitution values, into a small element tree per
// record (the Event XML Windows would render).
//
// The format's facts come from public documentation (Joachim Metz's
// "Windows XML Event Log (EVTX) format" and [MS-EVEN6]); no other parser's
// code. Input is untrusted: every size and offset is checked against the
// chunk before use, nesting depth and the elements and text a record may
// expand to are bounded, and a malformed file is an *Error naming the
// chunk, the record and the file offset of the problem, never a panic.
package evtx
