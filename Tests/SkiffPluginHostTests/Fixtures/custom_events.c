/*
 * A controller with a custom mapping: every ConfigMap event reaches on_event, which counts it
 * and enqueues the single key "all"; reconcile counts too. Objects that existed before the
 * controller started must arrive as ADDED events.
 */
#include <stdatomic.h>
#include <string.h>
#include "skiff_plugin.h"

static const skiff_host *host;
static atomic_int added, events, reconciles;

int skiff_test_added(void) { return atomic_load(&added); }
int skiff_test_events(void) { return atomic_load(&events); }
int skiff_test_reconciles(void) { return atomic_load(&reconciles); }

static const skiff_watch watches[] = {
    {.struct_size = sizeof(skiff_watch), .mapping = SKIFF_MAP_CUSTOM, .group = "", .version = "v1", .resource = "configmaps"},
};

static int token;

static skiff_status start(const skiff_host *table, skiff_bytes config, void **instance, char *error, size_t cap) {
    (void)config; (void)error; (void)cap;
    host = table;
    *instance = &token;
    return SKIFF_OK;
}

static void on_event(void *instance, uint32_t watch, int32_t type, const char *object, size_t len) {
    (void)instance; (void)watch; (void)object; (void)len;
    atomic_fetch_add(&events, 1);
    if (type == SKIFF_EVENT_ADDED) atomic_fetch_add(&added, 1);
    host->enqueue(host->context, "all", 3, 0);
}

static void reconcile(void *instance, const char *key, size_t len, skiff_reconcile_result *result) {
    (void)instance; (void)result;
    if (len == 3 && memcmp(key, "all", 3) == 0) atomic_fetch_add(&reconciles, 1);
}

static const skiff_controller controller = {
    .struct_size = sizeof(skiff_controller), .watches = watches, .watch_count = 1, .reconcile = reconcile,
    .on_event = on_event,
};

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = SKIFF_ABI_MAJOR,
    .abi_minor = SKIFF_ABI_MINOR,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "custom-events",
    .init = start,
    .controller = &controller,
};

const skiff_plugin *skiff_plugin_entry(uint32_t major, uint32_t minor) {
    (void)minor;
    return major == SKIFF_ABI_MAJOR ? &descriptor : 0;
}
