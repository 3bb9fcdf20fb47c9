/*
 * A controller whose reconcile always fails for ConfigMaps named "poison-*": the host must retry
 * them with back-off, log them under this plugin's name, and leave other plugins alone.
 * skiff_test_attempts() reports how many reconciles it has seen (for the test).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include "skiff_plugin.h"

static atomic_int attempts;

int skiff_test_attempts(void) { return atomic_load(&attempts); }

static const skiff_watch watches[] = {
    {.struct_size = sizeof(skiff_watch), .mapping = SKIFF_MAP_SELF, .group = "", .version = "v1", .resource = "configmaps"},
};

static int token;

static skiff_status start(const skiff_host *host, skiff_bytes config, void **instance, char *error, size_t cap) {
    (void)host; (void)config; (void)error; (void)cap;
    *instance = &token;
    return SKIFF_OK;
}

static void reconcile(void *instance, const char *key, size_t len, skiff_reconcile_result *result) {
    (void)instance;
    const char *slash = memchr(key, '/', len);
    const char *name = slash ? slash + 1 : key;
    if (strncmp(name, "poison-", 7) == 0) {
        atomic_fetch_add(&attempts, 1);
        result->status = SKIFF_ERR_INTERNAL;
        snprintf(result->message, sizeof result->message, "cannot digest %.*s", (int)len, key);
    }
}

static const skiff_controller controller = {
    .struct_size = sizeof(skiff_controller), .watches = watches, .watch_count = 1, .reconcile = reconcile,
};

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = SKIFF_ABI_MAJOR,
    .abi_minor = SKIFF_ABI_MINOR,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "always-fails",
    .init = start,
    .controller = &controller,
};

const skiff_plugin *skiff_plugin_entry(uint32_t major, uint32_t minor) {
    (void)minor;
    return major == SKIFF_ABI_MAJOR ? &descriptor : 0;
}
