/*
 * An example controller in plain C, loaded through the same code as Swift plugins.
 *
 * Every ConfigMap labelled example.skiff.dev/stamp=true gets the annotation
 * example.skiff.dev/stamped-by=c-stamp-controller (a merge patch) and a Normal event "Stamped".
 * The object's JSON is read with plain string searches: the host hands over the API server's
 * compact JSON, so `"key":"value"` appears without spaces.
 *
 * Build:  cc -shared -fPIC -I Sources/SkiffPluginABI/include -o libc_stamp.so stamp_controller.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skiff_plugin.h"

static const skiff_host *host;
static int32_t configmaps = -1;

static const skiff_watch watches[] = {
    {
        .struct_size = sizeof(skiff_watch),
        .mapping = SKIFF_MAP_SELF,
        .group = "",
        .version = "v1",
        .resource = "configmaps",
    },
};

static void log_line(int32_t level, const char *text) {
    host->log(host->context, level, text, strlen(text));
}

static skiff_status stamp_init(const skiff_host *table, skiff_bytes config, void **instance, char *error,
                               size_t error_capacity) {
    (void)config;
    if (table->struct_size < sizeof(skiff_host)) {
        snprintf(error, error_capacity, "host table too small (%u bytes)", table->struct_size);
        return SKIFF_ERR_VERSION;
    }
    host = table;
    configmaps = host->resource(host->context, "", "v1", "configmaps");
    if (configmaps < 0) {
        snprintf(error, error_capacity, "the server does not serve configmaps");
        return SKIFF_ERR_UNSUPPORTED;
    }
    *instance = (void *)&configmaps;
    log_line(SKIFF_LOG_INFO, "c-stamp-controller ready");
    return SKIFF_OK;
}

static void stamp_reconcile(void *instance, const char *key, size_t key_len, skiff_reconcile_result *result) {
    (void)instance;
    char namespace_[254] = {0};
    char name[254] = {0};
    const char *slash = memchr(key, '/', key_len);
    if (slash == NULL || (size_t)(slash - key) >= sizeof namespace_ || key_len - (slash - key) > sizeof name) {
        return; /* cluster-scoped or oversized: not ours */
    }
    memcpy(namespace_, key, slash - key);
    memcpy(name, slash + 1, key_len - (slash - key) - 1);

    skiff_buffer object = {0};
    skiff_status status = host->cache_get(host->context, configmaps, namespace_, name, &object);
    if (status == SKIFF_ERR_NOT_FOUND) {
        host->free_buffer(host->context, object.data);
        return; /* deleted: nothing to do */
    }
    if (status != SKIFF_OK) {
        result->status = status;
        snprintf(result->message, sizeof result->message, "cache read failed");
        host->free_buffer(host->context, object.data);
        return;
    }
    /* The buffer is not NUL-terminated: copy it to search it as a string. */
    char *text = malloc(object.len + 1);
    memcpy(text, object.data, object.len);
    text[object.len] = 0;
    host->free_buffer(host->context, object.data);

    int wanted = strstr(text, "\"example.skiff.dev/stamp\":\"true\"") != NULL;
    int stamped = strstr(text, "\"example.skiff.dev/stamped-by\":\"c-stamp-controller\"") != NULL;
    if (wanted && !stamped) {
        const char *patch = "{\"metadata\":{\"annotations\":{\"example.skiff.dev/stamped-by\":\"c-stamp-controller\"}}}";
        skiff_bytes body = {patch, strlen(patch)};
        skiff_buffer answer = {0};
        status = host->patch(host->context, configmaps, namespace_, name, SKIFF_PATCH_MERGE, body, 0, &answer);
        if (status == SKIFF_OK) {
            skiff_bytes involved = {answer.data, answer.len};
            host->emit_event(host->context, involved, "Normal", "Stamped", "stamped by c-stamp-controller");
        } else if (status != SKIFF_ERR_NOT_FOUND) {
            result->status = status;
            /* The answer is not NUL-terminated: print at most its length. */
            int shown = answer.len < 400 ? (int)answer.len : 400;
            snprintf(result->message, sizeof result->message, "patch failed: %.*s", shown,
                     answer.data ? answer.data : "");
        }
        host->free_buffer(host->context, answer.data);
    }
    free(text);
}

static const skiff_controller controller = {
    .struct_size = sizeof(skiff_controller),
    .workers = 1,
    .watches = watches,
    .watch_count = 1,
    .reconcile = stamp_reconcile,
};

static const skiff_plugin descriptor = {
    .struct_size = sizeof(skiff_plugin),
    .abi_major = SKIFF_ABI_MAJOR,
    .abi_minor = SKIFF_ABI_MINOR,
    .kind = SKIFF_KIND_CONTROLLER,
    .name = "c-stamp-controller",
    .version = "1.0.0",
    .description = "Example in C: annotates ConfigMaps labelled example.skiff.dev/stamp=true",
    .init = stamp_init,
    .controller = &controller,
};

const skiff_plugin *skiff_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == SKIFF_ABI_MAJOR ? &descriptor : NULL;
}
