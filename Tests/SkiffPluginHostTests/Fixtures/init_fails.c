/* A controller whose init refuses to start, with a reason. */
#include <stdio.h>
#include "skiff_plugin.h"

static const skiff_watch watches[] = {
    {.struct_size = sizeof(skiff_watch), .mapping = SKIFF_MAP_SELF, .group = "", .version = "v1", .resource = "configmaps"},
};

static skiff_status refuse(const skiff_host *host, skiff_bytes config, void **instance, char *error, size_t cap) {
    (void)host; (void)config; (void)instance;
    snprintf(error, cap, "missing setting \"target\"");
    return SKIFF_ERR_BAD_REQUEST;
}

static void reconcile(void *instance, const char *key, size_t len, skiff_reconcile_result *result) {
    (void)instance; (void)key; (void)len; (void)result;
}

static const skiff_controller controller = {
    .struct_size = sizeof(skiff_controller), .watches = watches, .watch_count = 1, .reconcile = reconcile,
};

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = SKIFF_ABI_MAJOR,
    .abi_minor = SKIFF_ABI_MINOR,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "init-fails",
    .init = refuse,
    .controller = &controller,
};

const skiff_plugin *skiff_plugin_entry(uint32_t major, uint32_t minor) {
    (void)minor;
    return major == SKIFF_ABI_MAJOR ? &descriptor : 0;
}
