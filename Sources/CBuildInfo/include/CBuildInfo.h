#ifndef GRADPATH_CBUILDINFO_H
#define GRADPATH_CBUILDINFO_H

/// The commit the binary was built from (`git describe --always --dirty`, passed by the Makefile
/// as GRADPATH_COMMIT through Package.swift), or "unknown" for a build without it.
const char *gradpath_build_commit(void);

#endif
