// Software prefetch for Swift code, which has no prefetch intrinsic of its own. A header-only
// module: the function is inlined into the caller, no library is linked.
#ifndef HEARD_PREFETCH_H
#define HEARD_PREFETCH_H

// Asks the CPU to start loading the cache line holding `address` (for reading, kept in all cache
// levels) without waiting for it. Never faults, so any address may be passed.
static inline __attribute__((always_inline)) void heard_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
