// libyaml's memory, served from a pool of small blocks.
//
// libyaml allocates through four functions of its own (yaml_malloc,
// yaml_realloc, yaml_strdup, yaml_free), which it calls through the dynamic
// linker (their PLT entries): a program that defines them is called instead.
// libyaml 0.2.5 (Debian's libyaml-0-2) calls malloc, realloc, strdup and free
// nowhere else. Scanning a plain scalar makes four small strings (16 bytes
// each to start: the value, and buffers of whitespace and line breaks) and
// frees three of them at once, the value with its event; glibc's malloc and
// free were a fifth of the reading thread's instructions (3.7 M pairs at
// 140 instructions for a 10 MB export: BENCHMARKS.md, session 24).
//
// Here a small allocation (up to 512 bytes) is a block of a size class taken
// from the thread's own free list, or cut from the thread's current chunk:
// no lock and no atomic instruction. A freed block goes on the freeing
// thread's list; a thread that ends hands its lists and the rest of its chunk
// to a shared pool (under a lock), where a thread whose list is empty takes
// them. Memory stays in the pool (at most what libyaml held at once, in small
// blocks); larger allocations (the read buffers) go to malloc.
//
// Each block starts with a 16-byte header (the blocks stay 16-byte aligned):
// a mark, its class, and the size of a large one. A pointer without the mark
// (none in libyaml 0.2.5) is given to free() as libyaml would.
//
// Only where the dynamic linker does such interposition (Linux, ELF) and not
// under AddressSanitizer (the fuzz builds), which must see every allocation.
// `swift build -Xcc -DYAML_POOL_OFF` leaves libyaml on malloc (needed to link
// a static libyaml, whose own definitions would then clash with these).
// Linked into the wmdoctor executable and the tests; not into wmbench, whose
// scan is the benchmark's bare libyaml (glibc's malloc).
#include "YAMLPool.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define YAML_POOL_OFF 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define YAML_POOL_OFF 1
#endif

#if defined(__linux__) && !defined(YAML_POOL_OFF)

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum {
    STEP = 16,                   // size classes: 16, 32, ... 512 bytes
    CLASSES = 32,
    HEADER = 16,
    CHUNK = 32 * 1024,           // cut into blocks as they are first needed
    LARGE = 0xffff,              // class of a block from malloc
};
static const uint32_t MARK = 0x594d4c50;  // "YMLP"

typedef struct Block { struct Block *next; } Block;
typedef struct Header { uint32_t mark; uint32_t cls; uint64_t size; } Header;

_Static_assert(sizeof(Header) == HEADER, "a header keeps blocks 16-byte aligned");

static __thread Block *lists[CLASSES];
static __thread char *cut, *cutEnd;
static __thread uint64_t served;
static __thread int registered;
/// Chunks taken from malloc, every thread.
static atomic_uint_fast64_t chunks;

/// Blocks of threads that ended, by class (under `sharedLock`; read without it only to see one is there).
static _Atomic(Block *) shared[CLASSES];
static pthread_mutex_t sharedLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t exitKey;
static pthread_once_t exitOnce = PTHREAD_ONCE_INIT;

static size_t blockSize(unsigned cls) { return HEADER + (size_t)(cls + 1) * STEP; }

static void share(Block *head, unsigned cls) {
    if (!head) return;
    Block *tail = head;
    while (tail->next) tail = tail->next;
    tail->next = atomic_load_explicit(&shared[cls], memory_order_relaxed);
    atomic_store_explicit(&shared[cls], head, memory_order_relaxed);
}

static void *header(char *at, unsigned cls) {
    Header *h = (Header *)at;
    h->mark = MARK;
    h->cls = cls;
    h->size = 0;
    return at + HEADER;
}

/// The next block cut from the rest of the thread's chunk, of the largest
/// class that fits (`*cls`); NULL when too little is left.
static Block *cutFromRest(unsigned *cls) {
    if (!cut || (size_t)(cutEnd - cut) < blockSize(0)) return NULL;
    unsigned c = CLASSES - 1;
    while (blockSize(c) > (size_t)(cutEnd - cut)) c--;
    Block *b = header(cut, c);
    cut += blockSize(c);
    *cls = c;
    return b;
}

/// A thread ending: its lists, and the rest of its chunk cut into blocks, go to the shared pool.
static void threadEnds(void *unused) {
    (void)unused;
    pthread_mutex_lock(&sharedLock);
    for (unsigned c = 0; c < CLASSES; c++) {
        share(lists[c], c);
        lists[c] = NULL;
    }
    unsigned c;
    for (Block *b; (b = cutFromRest(&c));) {
        b->next = NULL;
        share(b, c);
    }
    cut = cutEnd = NULL;
    pthread_mutex_unlock(&sharedLock);
}

static void makeExitKey(void) { (void)pthread_key_create(&exitKey, threadEnds); }

/// A block of class `cls` when the thread's list is empty: from the shared pool, else cut from a chunk.
__attribute__((noinline, cold)) static void *refill(unsigned cls) {
    if (!registered) {
        registered = 1;
        pthread_once(&exitOnce, makeExitKey);
        (void)pthread_setspecific(exitKey, &registered);
    }
    if (atomic_load_explicit(&shared[cls], memory_order_relaxed)) {
        pthread_mutex_lock(&sharedLock);
        Block *taken = atomic_load_explicit(&shared[cls], memory_order_relaxed);
        atomic_store_explicit(&shared[cls], NULL, memory_order_relaxed);
        pthread_mutex_unlock(&sharedLock);
        if (taken) {
            lists[cls] = taken->next;
            return taken;
        }
    }
    size_t size = blockSize(cls);
    if (!cut || (size_t)(cutEnd - cut) < size) {
        char *chunk = malloc(CHUNK);
        if (!chunk) return NULL;
        atomic_fetch_add_explicit(&chunks, 1, memory_order_relaxed);
        // The rest of the old chunk is not lost: cut into blocks for this thread's lists.
        unsigned c;
        for (Block *b; (b = cutFromRest(&c));) {
            b->next = lists[c];
            lists[c] = b;
        }
        cut = chunk;
        cutEnd = chunk + CHUNK;
    }
    void *p = header(cut, cls);
    cut += size;
    return p;
}

/// Any allocation but a small one whose class's list has a block: from the
/// shared pool or a chunk (``refill``), or a large one from malloc.
__attribute__((noinline)) static void *allocate(size_t size) {
    if (size == 0) size = 1;
    if (size <= (size_t)CLASSES * STEP) return refill((unsigned)((size - 1) / STEP));
    if (size > SIZE_MAX - HEADER) return NULL;
    Header *h = malloc(HEADER + size);
    if (!h) return NULL;
    h->mark = MARK;
    h->cls = LARGE;
    h->size = size;
    return (char *)h + HEADER;
}

/// Nearly every call: a block off the class's list (the rest is ``allocate``, a tail call).
void *yaml_malloc(size_t size) {
    served++;
    // 1 to 512 bytes (size 0 wraps to the largest value and goes on).
    if (__builtin_expect(size - 1 < (size_t)CLASSES * STEP, 1)) {
        unsigned cls = (unsigned)((size - 1) / STEP);
        Block *b = lists[cls];
        if (__builtin_expect(b != NULL, 1)) {
            lists[cls] = b->next;
            return b;
        }
    }
    return allocate(size);
}

/// A block not of the pool's small classes: a large one, or (none in libyaml 0.2.5) not from the pool.
__attribute__((noinline)) static void release(void *p, Header *h) {
    if (h->mark != MARK) {
        free(p);
        return;
    }
    free(h);
}

void yaml_free(void *p) {
    if (!p) return;
    Header *h = (Header *)((char *)p - HEADER);
    if (__builtin_expect(h->mark == MARK && h->cls < CLASSES, 1)) {
        Block *b = p;
        b->next = lists[h->cls];
        lists[h->cls] = b;
        return;
    }
    release(p, h);
}

void *yaml_realloc(void *p, size_t size) {
    if (!p) return yaml_malloc(size);
    if (size == 0) size = 1;
    Header *h = (Header *)((char *)p - HEADER);
    if (h->mark != MARK) return realloc(p, size);
    if (h->cls == LARGE && size > (size_t)CLASSES * STEP) {
        if (size > SIZE_MAX - HEADER) return NULL;
        Header *n = realloc(h, HEADER + size);
        if (!n) return NULL;
        n->size = size;
        return (char *)n + HEADER;
    }
    size_t old = h->cls == LARGE ? (size_t)h->size : (size_t)(h->cls + 1) * STEP;
    if (h->cls != LARGE && size <= old) return p;
    void *n = yaml_malloc(size);
    if (!n) return NULL;
    memcpy(n, p, old < size ? old : size);
    yaml_free(p);
    return n;
}

unsigned char *yaml_strdup(const unsigned char *s) {
    if (!s) return NULL;
    size_t n = strlen((const char *)s) + 1;
    unsigned char *d = yaml_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

uint64_t yaml_pool_served(void) { return served; }

uint64_t yaml_pool_chunks(void) { return atomic_load_explicit(&chunks, memory_order_relaxed); }

int yaml_pool_enabled(void) { return 1; }

#else

uint64_t yaml_pool_served(void) { return 0; }

uint64_t yaml_pool_chunks(void) { return 0; }

int yaml_pool_enabled(void) { return 0; }

#endif
