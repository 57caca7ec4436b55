#include "CBuildInfo.h"

// Package.swift defines GRADPATH_COMMIT (letters, digits and '-' only) when the environment names it.
#ifndef GRADPATH_COMMIT
#define GRADPATH_COMMIT unknown
#endif

#define GRADPATH_STRING2(x) #x
#define GRADPATH_STRING(x) GRADPATH_STRING2(x)

const char *gradpath_build_commit(void) { return GRADPATH_STRING(GRADPATH_COMMIT); }
