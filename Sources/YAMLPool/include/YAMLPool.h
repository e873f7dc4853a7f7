// libyaml's allocations served from a pool of small blocks (YAMLPool.c).
#ifndef YAML_POOL_H
#define YAML_POOL_H

#include <stdint.h>

/// How many of libyaml's allocations the pool served on the calling thread
/// (0 where the pool is not in use: see YAMLPool.c).
uint64_t yaml_pool_served(void);

/// How many chunks of 32 KB the pool took from malloc, on every thread (0: not in use).
uint64_t yaml_pool_chunks(void);

/// 1 where the pool serves libyaml (Linux, not under AddressSanitizer, not built with YAML_POOL_OFF), else 0.
int yaml_pool_enabled(void);

#endif
