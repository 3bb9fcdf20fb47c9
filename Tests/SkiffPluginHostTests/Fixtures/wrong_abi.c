/* A plugin built for a future ABI major version: the host must refuse it by name. */
#include "skiff_plugin.h"

static skiff_status never_init(const skiff_host *host, skiff_bytes config, void **instance, char *error, size_t cap) {
    (void)host; (void)config; (void)instance; (void)error; (void)cap;
    return SKIFF_ERR_INTERNAL;
}

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = 99,
    .abi_minor = 0,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "from-the-future",
    .init = never_init,
};

const skiff_plugin *skiff_plugin_entry(uint32_t major, uint32_t minor) {
    (void)major; (void)minor;
    return &descriptor;
}
