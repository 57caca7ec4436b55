#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp): parses the fuzzer's command line and runs
// its loop with `callback`. SwiftPM links an executable with `main` aliased to `<Target>_main`,
// so each target defines that symbol and hands over to this driver.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
