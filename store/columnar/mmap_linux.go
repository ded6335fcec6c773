package columnar

import "syscall"

// mapPopulate asks Linux to map the whole file at once: a query reads
// every chunk of the columns it opens, and one populate costs less than a
// page fault per page.
const mapPopulate = syscall.MAP_POPULATE
