// glibc's allocator settings (mallopt), for MemoryPolicy. Nothing elsewhere.
#if defined(__linux__)
#include <malloc.h>
#endif
