/*
 * The plugin `skiff-bench plugins` loads: a controller whose reconcile only counts, and exported
 * functions that drive the host table from plugin code, so the benchmark measures the ABI path
 * a real plugin takes (C call, host callback, cache lookup, copy, free).
 */
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "skiff_plugin.h"

static const skiff_host *host;
static int32_t pods = -1;
static atomic_long reconciles;

static const skiff_watch watches[] = {
    {.struct_size = sizeof(skiff_watch), .mapping = SKIFF_MAP_NONE, .group = "", .version = "v1", .resource = "pods"},
};

static skiff_status start(const skiff_host *table, skiff_bytes config, void **instance, char *error, size_t cap) {
    (void)config;
    host = table;
    pods = host->resource(host->context, "", "v1", "pods");
    if (pods < 0) {
        snprintf(error, cap, "no pods resource");
        return SKIFF_ERR_UNSUPPORTED;
    }
    *instance = &pods;
    return SKIFF_OK;
}

static void reconcile(void *instance, const char *key, size_t len, skiff_reconcile_result *result) {
    (void)instance; (void)key; (void)len; (void)result;
    atomic_fetch_add(&reconciles, 1);
}

long bench_reconciles(void) { return atomic_load(&reconciles); }

/* `count` cached gets of pods named prefix-0 .. prefix-(names-1) in `namespace_`; returns misses. */
long bench_gets(long count, const char *namespace_, const char *prefix, long names) {
    long misses = 0;
    char name[128];
    for (long i = 0; i < count; i++) {
        snprintf(name, sizeof name, "%s-%ld", prefix, i % names);
        skiff_buffer out = {0};
        if (host->cache_get(host->context, pods, namespace_, name, &out) != SKIFF_OK) misses++;
        host->free_buffer(host->context, out.data);
    }
    return misses;
}

/* `count` cached lists of one namespace; returns the bytes of the last. */
long bench_lists(long count, const char *namespace_) {
    long bytes = 0;
    for (long i = 0; i < count; i++) {
        skiff_buffer out = {0};
        host->cache_list(host->context, pods, namespace_, NULL, &out);
        bytes = (long)out.len;
        host->free_buffer(host->context, out.data);
    }
    return bytes;
}

/* Bytes the process's heap holds in use right now (glibc's mallinfo2): live memory, which RSS
 * overstates after fragmentation. */
long bench_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (long)(info.uordblks + info.hblkhd);
}

/* Enqueues keys k-0 .. k-(count-1). */
void bench_enqueue(long count) {
    char key[64];
    for (long i = 0; i < count; i++) {
        int length = snprintf(key, sizeof key, "bench/k-%ld", i);
        host->enqueue(host->context, key, (size_t)length, 0);
    }
}

static const skiff_controller controller = {
    .struct_size = sizeof(skiff_controller), .workers = 1, .watches = watches, .watch_count = 1, .reconcile = reconcile,
};

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = SKIFF_ABI_MAJOR,
    .abi_minor = SKIFF_ABI_MINOR,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "bench-controller",
    .version = "1",
    .description = "skiff-bench: counts reconciles, drives the host table",
    .init = start,
    .controller = &controller,
};

const skiff_plugin *skiff_plugin_entry(uint32_t major, uint32_t minor) {
    (void)minor;
    return major == SKIFF_ABI_MAJOR ? &descriptor : 0;
}
