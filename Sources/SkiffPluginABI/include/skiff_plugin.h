/*
 * skiff_plugin.h: the stable protocol between Skiff and its plugins.
 *
 * A plugin is a shared object (.so) that exports one C symbol, SKIFF_PLUGIN_ENTRY_SYMBOL, of type
 * skiff_plugin_entry_fn. The host opens it with RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE, calls the
 * entry with the ABI version it serves, and reads the returned descriptor. Nothing but C types and
 * bytes crosses this boundary; Kubernetes objects cross as Kubernetes API JSON (UTF-8, as the API
 * server serves them). A plugin is never unloaded.
 *
 * Versioning (1.1 added SKIFF_WRITE_FINALIZE; 1.2 added the host's list and served_resources;
 * 1.3 defined scheduler plugin sets and added the host's bind_pod; 1.4 defined node runtimes, the
 * skiff_writer and the host's container_event)
 *   SKIFF_ABI_MAJOR changes only when a change breaks existing plugins; the host refuses a plugin
 *   whose major version it does not serve. SKIFF_ABI_MINOR grows with additive changes: new fields
 *   are appended to the end of a struct, and every struct that may grow starts with `struct_size`
 *   (its size in bytes as the writer knows it). A reader never touches a field that lies beyond
 *   the writer's struct_size; the host checks this for plugin structs, and a plugin compares the
 *   host's struct_size (or SKIFF_HOST_HAS) before calling a callback added after its own version.
 *
 * Memory
 *   - Arguments (`const char *`, skiff_bytes) are borrowed: valid only for the call. Copy to keep.
 *   - Strings in the descriptor and its tables (names, watches) are owned by the plugin and must
 *     stay valid for the life of the process (static storage is the usual choice).
 *   - A skiff_buffer that the host fills (an object, a list, an error Status) is allocated by the
 *     host; the plugin owns it and releases it with host->free_buffer. Releasing a zeroed buffer
 *     is allowed and does nothing. The host never frees memory the plugin allocated.
 *   - The host table passed to init stays valid until the plugin's shutdown returns.
 *
 * Threads
 *   The host calls a plugin from threads of its own, never from an event loop, so a plugin may
 *   block (host callbacks that write to the API block until the server answers). Unless the
 *   descriptor sets SKIFF_CAP_CONCURRENT, the host makes at most one call into an instance at a
 *   time. Host callbacks may be called from any thread, including threads the plugin created.
 *   A plugin must not unwind (C++ exceptions, longjmp) across the boundary; a Swift trap ends the
 *   process, so the SDK turns Swift errors into status values.
 */
#ifndef SKIFF_PLUGIN_H
#define SKIFF_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define SKIFF_ABI_MAJOR 1
#define SKIFF_ABI_MINOR 4

/** The one symbol every plugin exports. */
#define SKIFF_PLUGIN_ENTRY_SYMBOL "skiff_plugin_entry"

/** Whether a host table (or any struct with struct_size) is large enough to hold FIELD. */
#define SKIFF_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/* ------------------------------------------------------------------------------------------------
 * Status codes: every call that can fail returns one. They follow the API server's answers.
 * --------------------------------------------------------------------------------------------- */
typedef int32_t skiff_status;
enum {
    SKIFF_OK = 0,
    SKIFF_ERR_NOT_FOUND = 1,       /* 404: no such object (or not in the cache) */
    SKIFF_ERR_ALREADY_EXISTS = 2,  /* 409 AlreadyExists */
    SKIFF_ERR_CONFLICT = 3,        /* 409 Conflict: stale resourceVersion or precondition */
    SKIFF_ERR_INVALID = 4,         /* 422: the object failed validation; the Status names fields */
    SKIFF_ERR_BAD_REQUEST = 5,     /* 400: malformed JSON, bad patch, unknown index */
    SKIFF_ERR_FORBIDDEN = 6,       /* 403 */
    SKIFF_ERR_GONE = 7,            /* 410 */
    SKIFF_ERR_UNAVAILABLE = 8,     /* the server is shutting down, timed out, or a cache is not synced */
    SKIFF_ERR_INTERNAL = 9,        /* anything else, including a plugin's own failure */
    SKIFF_ERR_UNSUPPORTED = 10,    /* unknown resource handle, kind or patch type; a missing callback */
    SKIFF_ERR_VERSION = 11         /* the plugin cannot work with the host's ABI version */
};

/* ------------------------------------------------------------------------------------------------
 * Bytes
 * --------------------------------------------------------------------------------------------- */

/** Borrowed bytes: valid for the call only. Not NUL-terminated unless said so. */
typedef struct skiff_bytes {
    const char *data;
    size_t len;
} skiff_bytes;

/** Bytes the host allocated for the plugin: release with host->free_buffer(ctx, buffer.data). */
typedef struct skiff_buffer {
    char *data;
    size_t len;
} skiff_buffer;

/** Since 1.4: where a plugin writes an answer of any length. The host owns the memory; the plugin
 *  calls write(context, ...) zero or more times during the call that received the writer and
 *  never after it returns. */
typedef struct skiff_writer {
    void *context;
    void (*write)(void *context, const char *data, size_t len);
} skiff_writer;

/* ------------------------------------------------------------------------------------------------
 * Plugin kinds and capabilities
 * --------------------------------------------------------------------------------------------- */
typedef uint32_t skiff_plugin_kind;
enum {
    SKIFF_KIND_CONTROLLER = 1,      /* reconciles keys from informer events (skiff_controller) */
    SKIFF_KIND_SCHEDULER = 2,       /* a scheduler plugin set (skiff_scheduler, since 1.3) */
    SKIFF_KIND_NODE_RUNTIME = 3     /* a node runtime, CRI-like (skiff_node_runtime, since 1.4) */
};

/** The plugin's calls may run on several host threads at once. */
#define SKIFF_CAP_CONCURRENT ((uint64_t)1 << 0)

/* ------------------------------------------------------------------------------------------------
 * Log levels, patch types, event types
 * --------------------------------------------------------------------------------------------- */
enum {
    SKIFF_LOG_TRACE = 0,
    SKIFF_LOG_DEBUG = 1,
    SKIFF_LOG_INFO = 2,
    SKIFF_LOG_NOTICE = 3,
    SKIFF_LOG_WARNING = 4,
    SKIFF_LOG_ERROR = 5
};

enum {
    SKIFF_PATCH_JSON = 1,           /* application/json-patch+json (RFC 6902) */
    SKIFF_PATCH_MERGE = 2,          /* application/merge-patch+json (RFC 7386) */
    SKIFF_PATCH_STRATEGIC = 3       /* application/strategic-merge-patch+json (built-in kinds) */
};

/** Flags for writes. */
#define SKIFF_WRITE_STATUS ((uint32_t)1 << 0)   /* patch or update the status subresource */
#define SKIFF_WRITE_FINALIZE ((uint32_t)1 << 1) /* since 1.1: update a namespace's finalize subresource */

enum {
    SKIFF_EVENT_ADDED = 1,
    SKIFF_EVENT_MODIFIED = 2,
    SKIFF_EVENT_DELETED = 3
};

/* ------------------------------------------------------------------------------------------------
 * The host's callback table
 *
 * Resources are named once by group, version and plural resource ("" for the core group) and then
 * addressed by the handle `resource` returns. A namespace argument is NULL or "" for cluster-scoped
 * objects. Keys are client-go's: "namespace/name", or "name" for cluster-scoped objects.
 *
 * Reads come from the host's informer caches (shared by every plugin that watches a resource) and
 * are only available for resources the plugin watches; they never call the API server.
 * Writes go through the API server with the same validation, defaulting and admission as kubectl's.
 * On success `out` (when not NULL) receives the object as the server returned it; on failure it
 * receives the server's Status object (with the message and, for SKIFF_ERR_INVALID, the causes).
 * --------------------------------------------------------------------------------------------- */
typedef struct skiff_host {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t reserved;
    /** Passed back as the first argument of every callback; identifies the calling plugin. */
    void *context;

    /** Writes a log line under the plugin's name. `message` is `len` bytes of UTF-8. */
    void (*log)(void *context, int32_t level, const char *message, size_t len);
    /** The wall clock, in nanoseconds since the Unix epoch. */
    int64_t (*now_ns)(void *context);
    /** Releases a buffer the host filled. NULL is allowed. */
    void (*free_buffer)(void *context, char *data);

    /** The handle of a resource ("apps", "v1", "replicasets"), or -1 when the server has none. */
    int32_t (*resource)(void *context, const char *group, const char *version, const char *resource);

    /** One object from the cache. SKIFF_ERR_NOT_FOUND when absent; SKIFF_ERR_UNSUPPORTED when the
     *  plugin does not watch the resource. */
    skiff_status (*cache_get)(void *context, int32_t resource, const char *namespace_, const char *name,
                              skiff_buffer *out);
    /** Objects from the cache as a JSON array, in key order. `namespace_` NULL or "" means all
     *  namespaces; `label_selector` (Kubernetes syntax, e.g. "app=web,tier!=db") may be NULL. */
    skiff_status (*cache_list)(void *context, int32_t resource, const char *namespace_,
                               const char *label_selector, skiff_buffer *out);
    /** Objects from the cache whose index `index` holds `value`, as a JSON array. Indexes every
     *  cache has: "namespace", "owner-uid" (any ownerReference), "controller-uid" (the controller
     *  ownerReference), "label:<key>" (the label's value); plus the field paths a watch declares
     *  in skiff_watch.index_fields (e.g. "spec.nodeName"). */
    skiff_status (*cache_list_by_index)(void *context, int32_t resource, const char *index, const char *value,
                                        skiff_buffer *out);

    /** GET from the API server (not the cache). */
    skiff_status (*get)(void *context, int32_t resource, const char *namespace_, const char *name,
                        skiff_buffer *out);
    /** POST an object (JSON). */
    skiff_status (*create)(void *context, int32_t resource, const char *namespace_, skiff_bytes object,
                           skiff_buffer *out);
    /** PUT an object (JSON, with metadata.resourceVersion for optimistic concurrency). */
    skiff_status (*update)(void *context, int32_t resource, const char *namespace_, const char *name,
                           skiff_bytes object, uint32_t flags, skiff_buffer *out);
    /** PATCH an object with SKIFF_PATCH_*. */
    skiff_status (*patch)(void *context, int32_t resource, const char *namespace_, const char *name,
                          int32_t patch_type, skiff_bytes patch, uint32_t flags, skiff_buffer *out);
    /** DELETE an object; `options` is a DeleteOptions JSON object or empty. */
    skiff_status (*delete_)(void *context, int32_t resource, const char *namespace_, const char *name,
                            skiff_bytes options, skiff_buffer *out);

    /** Adds a key to the plugin's work queue now (delay_ns <= 0) or after the delay. Never blocks. */
    void (*enqueue)(void *context, const char *key, size_t key_len, int64_t delay_ns);
    /** Records a core/v1 Event about `object` (its JSON; apiVersion, kind and metadata are read).
     *  `type` is "Normal" or "Warning"; the source component is the plugin's name. */
    skiff_status (*emit_event)(void *context, skiff_bytes object, const char *type, const char *reason,
                               const char *message);

    /* ABI 1.2: check SKIFF_HAS_FIELD(host, skiff_host, list) before calling these. */

    /** LIST from the API server (not a cache), every page, as a JSON array of objects. For resources
     *  the plugin does not watch, such as custom resources found with served_resources.
     *  `namespace_` NULL or "" means all namespaces; `label_selector` may be NULL. */
    skiff_status (*list)(void *context, int32_t resource, const char *namespace_, const char *label_selector,
                         skiff_buffer *out);
    /** The resources the server serves now (custom resources included), each in its group's
     *  preferred version, as a JSON array of {"group", "version", "resource", "kind", "namespaced",
     *  "verbs"}; subresources are left out. Read from discovery on every call. */
    skiff_status (*served_resources)(void *context, skiff_buffer *out);

    /* ABI 1.3: check SKIFF_HAS_FIELD(host, skiff_host, bind_pod) before calling. */

    /** Binds a pod to a node: POST pods/NAME/binding with `uid` as precondition (what a scheduler's
     *  Bind plugin does). SKIFF_ERR_CONFLICT when the pod is bound already or being deleted. */
    skiff_status (*bind_pod)(void *context, const char *namespace_, const char *name, const char *uid,
                             const char *node, skiff_buffer *out);

    /* ABI 1.4: check SKIFF_HAS_FIELD(host, skiff_host, container_event) before calling. */

    /** A node runtime reports that a container changed state (it started, exited, or was found
     *  gone): `record` is the container's record as list_containers writes it. Never blocks;
     *  may be called from any thread, including during a call into the runtime. */
    void (*container_event)(void *context, skiff_bytes record);
} skiff_host;

/* ------------------------------------------------------------------------------------------------
 * Controllers
 *
 * A controller declares what it watches. Every event on a watched resource becomes zero or more
 * keys in the controller's work queue; the host deduplicates keys, never hands one key to two
 * workers at once, and calls reconcile(key). Reconcile reads the current state from the caches and
 * converges (level-triggered); it returns what to do next in `result`.
 * --------------------------------------------------------------------------------------------- */
typedef uint32_t skiff_mapping;
enum {
    SKIFF_MAP_NONE = 0,       /* keep a cache only: events enqueue nothing */
    SKIFF_MAP_SELF = 1,       /* the object's own key */
    SKIFF_MAP_OWNER = 2,      /* the key of the object's controller owner of owner_api_version/owner_kind */
    SKIFF_MAP_NAMESPACE = 3,  /* the object's namespace (a cluster-scoped key) */
    SKIFF_MAP_CUSTOM = 4      /* the host calls controller->on_event; the plugin enqueues */
};

typedef struct skiff_watch {
    uint32_t struct_size;
    skiff_mapping mapping;
    const char *group;            /* "" for the core group */
    const char *version;          /* "v1" */
    const char *resource;         /* plural: "pods" */
    const char *owner_api_version;/* SKIFF_MAP_OWNER: the owner's apiVersion, "apps/v1" */
    const char *owner_kind;       /* SKIFF_MAP_OWNER: the owner's kind, "ReplicaSet" */
    const char *const *index_fields; /* NULL-terminated field paths to index, or NULL */
} skiff_watch;

typedef struct skiff_reconcile_result {
    uint32_t struct_size;
    /** SKIFF_OK, or an error: the key is retried with per-key exponential back-off. */
    skiff_status status;
    /** With an error: 1 means do not retry (the error is logged and counted once). */
    int32_t terminal;
    int32_t reserved;
    /** With SKIFF_OK: > 0 asks for the key again after this many nanoseconds. */
    int64_t requeue_after_ns;
    /** A NUL-terminated message for the log with an error; the plugin writes at most 512 bytes. */
    char message[512];
} skiff_reconcile_result;

typedef struct skiff_controller {
    uint32_t struct_size;
    /** How many workers the controller wants (0 means 1); more than 1 needs SKIFF_CAP_CONCURRENT. */
    uint32_t workers;
    const skiff_watch *watches;
    uint32_t watch_count;
    uint32_t reserved;
    /** Reconciles one key. The host has set result->struct_size and zeroed the rest. */
    void (*reconcile)(void *instance, const char *key, size_t key_len, skiff_reconcile_result *result);
    /** For SKIFF_MAP_CUSTOM watches (may be NULL otherwise): an event on watch `watch_index`
     *  (an index into `watches`), with the object's JSON (the last state for a deletion). Called on
     *  the host's event thread: enqueue keys and return quickly. */
    void (*on_event)(void *instance, uint32_t watch_index, int32_t event_type, const char *object, size_t len);
} skiff_controller;

/* ------------------------------------------------------------------------------------------------
 * Scheduler plugin sets (SKIFF_KIND_SCHEDULER, since 1.3)
 *
 * A set holds several scheduler plugins (kube-scheduler's framework plugins) that share one model
 * of the cluster. The host runs the framework: its scheduling queue and cache, profiles that name
 * plugins of any loaded set at each extension point, the scheduling cycle, the binding cycle.
 *
 * State: the host tells the set about nodes and about pods on nodes (bound ones, and the ones it
 * has assumed at Reserve before their binding is written) before each scheduling cycle, from its
 * cache's incremental snapshot: only what changed since the last cycle. The set parses each object
 * once and answers every later call from its own model. Node ids are small integers the host
 * allocates densely from 0, stable while the node exists.
 *
 * Batching: one pod against many nodes per call; no JSON crosses per node. Filter and score are
 * called from several host threads at once with disjoint slices of node ids and must only read
 * shared state; every other call comes from one host thread at a time, except that binding cycles
 * (pre_bind, bind, post_bind, unreserve after a failed binding, and cycle_end) run on binder
 * threads, several at once, each on a cycle the scheduling cycle has finished with, and that
 * reason_text may be called from any thread for the cycle it names. State updates never run
 * concurrently with a scheduling-cycle call. The host sets `*reason` to UINT32_MAX before each
 * call and reads no text when it is unchanged.
 * --------------------------------------------------------------------------------------------- */

/** Extension points (bits of skiff_sched_plugin.points). NormalizeScore is part of SCORE. */
enum {
    SKIFF_SCHED_PRE_ENQUEUE = 1u << 0,
    SKIFF_SCHED_QUEUE_SORT = 1u << 1,
    SKIFF_SCHED_PRE_FILTER = 1u << 2,
    SKIFF_SCHED_FILTER = 1u << 3,
    SKIFF_SCHED_POST_FILTER = 1u << 4,
    SKIFF_SCHED_PRE_SCORE = 1u << 5,
    SKIFF_SCHED_SCORE = 1u << 6,
    SKIFF_SCHED_RESERVE = 1u << 7,
    SKIFF_SCHED_PERMIT = 1u << 8,
    SKIFF_SCHED_PRE_BIND = 1u << 9,
    SKIFF_SCHED_BIND = 1u << 10,
    SKIFF_SCHED_POST_BIND = 1u << 11
};

/** A plugin's verdict (kube's framework status codes). */
enum {
    SKIFF_SCHED_SUCCESS = 0,
    SKIFF_SCHED_ERROR = 1,                        /* an internal error: the pod backs off */
    SKIFF_SCHED_UNSCHEDULABLE = 2,                /* does not fit now; preemption may help */
    SKIFF_SCHED_UNSCHEDULABLE_UNRESOLVABLE = 3,   /* does not fit; preemption will not help */
    SKIFF_SCHED_WAIT = 4,                         /* Permit: hold the pod (up to timeout_ns) */
    SKIFF_SCHED_SKIP = 5,                         /* PreFilter/PreScore: skip this plugin's Filter/Score
                                                     this cycle; Bind: let the next binder bind */
    SKIFF_SCHED_PENDING = 6                       /* waits for something outside the scheduler */
};

/** Cluster events (bits of skiff_sched_plugin.events): a pod a plugin rejected is retried when one
 *  of the events that plugin registered for happens (otherwise after 5 minutes). */
enum {
    SKIFF_EVENT_NODE_ADD = 1u << 0,
    SKIFF_EVENT_NODE_UPDATE = 1u << 1,
    SKIFF_EVENT_NODE_DELETE = 1u << 2,
    SKIFF_EVENT_POD_ADD = 1u << 3,
    SKIFF_EVENT_POD_UPDATE = 1u << 4,
    SKIFF_EVENT_POD_DELETE = 1u << 5
};

/** One plugin of a set. */
typedef struct skiff_sched_plugin {
    uint32_t struct_size;
    /** SKIFF_SCHED_* bits: the extension points it implements. */
    uint32_t points;
    /** SKIFF_EVENT_* bits: the events that may make a pod it rejected schedulable. */
    uint32_t events;
    uint32_t reserved;
    /** Its name in profiles, "NodeResourcesFit"; unique among the loaded sets. */
    const char *name;
} skiff_sched_plugin;

/**
 * The calls of a set. `plugin` is an index into `plugins`. Verdicts are SKIFF_SCHED_* codes;
 * `reason` (when not NULL) receives a reason id whose text `reason_text` gives until the cycle ends
 * ("Insufficient cpu", "node(s) had untolerated taint {...}"). `cycle` is what cycle_begin returned.
 */
typedef struct skiff_scheduler {
    uint32_t struct_size;
    uint32_t plugin_count;
    const skiff_sched_plugin *plugins;

    /* State (one host thread; never during a cycle call). */
    void (*node_upsert)(void *instance, int32_t node, const char *json, size_t len);
    void (*node_remove)(void *instance, int32_t node);
    /** A pod on a node: bound, or assumed by the host. A pod may move to another node. */
    void (*pod_upsert)(void *instance, int32_t node, const char *uid, const char *json, size_t len);
    void (*pod_remove)(void *instance, const char *uid);

    /* The queue. */
    /** PreEnqueue: SKIFF_SCHED_SUCCESS lets the pod into the active queue; otherwise it waits until
     *  the pod changes, and a NUL-terminated reason goes to `message` (at most `capacity` bytes). */
    int32_t (*pre_enqueue)(void *instance, uint32_t plugin, const char *pod, size_t len, char *message,
                           size_t capacity);
    /** QueueSort: the pod's sort key; higher keys are scheduled first, ties by enqueue time. */
    int64_t (*queue_key)(void *instance, uint32_t plugin, const char *pod, size_t len);

    /* One cycle per pod: cycle_begin parses the pod; cycle_end releases the cycle (after binding). */
    void *(*cycle_begin)(void *instance, const char *pod, size_t len);
    void (*cycle_end)(void *instance, void *cycle);
    int32_t (*pre_filter)(void *instance, uint32_t plugin, void *cycle, uint32_t *reason);
    /** Concurrent calls with disjoint slices: codes[i] and reasons[i] for nodes[i]. */
    void (*filter)(void *instance, uint32_t plugin, void *cycle, const int32_t *nodes, size_t count,
                   int8_t *codes, uint32_t *reasons);
    /** After Filter found no node: codes[i] is the first failing code of nodes[i]. Preemption
     *  evicts victims through the host and returns the node it nominates in *nominated. */
    int32_t (*post_filter)(void *instance, uint32_t plugin, void *cycle, const int32_t *nodes,
                           const int8_t *codes, size_t count, int32_t *nominated, uint32_t *reason);
    int32_t (*pre_score)(void *instance, uint32_t plugin, void *cycle, const int32_t *nodes, size_t count);
    /** Concurrent calls with disjoint slices: raw scores. */
    void (*score)(void *instance, uint32_t plugin, void *cycle, const int32_t *nodes, size_t count,
                  int64_t *scores);
    /** Once, over every feasible node: scores to 0...100 in place. */
    void (*normalize)(void *instance, uint32_t plugin, void *cycle, const int32_t *nodes, size_t count,
                      int64_t *scores);
    int32_t (*reserve)(void *instance, uint32_t plugin, void *cycle, int32_t node, uint32_t *reason);
    void (*unreserve)(void *instance, uint32_t plugin, void *cycle, int32_t node);
    int32_t (*permit)(void *instance, uint32_t plugin, void *cycle, int32_t node, int64_t *timeout_ns,
                      uint32_t *reason);
    int32_t (*pre_bind)(void *instance, uint32_t plugin, void *cycle, int32_t node, uint32_t *reason);
    int32_t (*bind)(void *instance, uint32_t plugin, void *cycle, int32_t node, uint32_t *reason);
    void (*post_bind)(void *instance, uint32_t plugin, void *cycle, int32_t node);
    /** The text of a reason id (NUL-terminated, valid until cycle_end). */
    const char *(*reason_text)(void *instance, void *cycle, uint32_t reason);
} skiff_scheduler;

/* ------------------------------------------------------------------------------------------------
 * Node runtimes (SKIFF_KIND_NODE_RUNTIME, since 1.4)
 *
 * A runtime runs containers for a node agent, the way a CRI runtime serves a kubelet. The agent
 * (the host) owns every decision: which pods run on its nodes, when a container starts, restarts
 * or is killed, probes, back-off, status, log rotation. The runtime only does what it is told and
 * reports what happened. It may play several nodes (a simulated runtime plays thousands).
 *
 * Every call answers JSON through a skiff_writer. On failure the runtime returns an error status
 * and writes {"reason": "...", "message": "..."} instead; `reason` becomes the container's waiting
 * reason ("CreateContainerError", "RunContainerError", "CreateContainerConfigError").
 *
 * Records. A container record is a JSON object:
 *   {"id", "podUID", "namespace", "pod", "container", "attempt", "image",
 *    "state": "created" | "running" | "exited", "pid", "startedAt", "finishedAt" (ns since the epoch),
 *    "exitCode", "reason" ("Completed", "Error", "OOMKilled", "Unknown"), "message"}
 * "created" means accepted but not running yet (the runtime reports the start with an event).
 * A runtime keeps the records of exited containers until remove_container.
 *
 * Containers start with the request the host builds from the pod (env already resolved):
 *   {"podUID", "namespace", "pod", "container", "attempt", "init", "image", "command": [...],
 *    "args": [...], "env": [{"name", "value"}], "workingDir", "logPath",
 *    "cpuLimitMillis", "memoryLimitBytes", "annotations": {...}, "node"}
 * The container writes its stdout and stderr to logPath (the host reads, follows and rotates it by
 * copy and truncate: open it for appending).
 * --------------------------------------------------------------------------------------------- */

/** The runtime plays its nodes and pods without running anything (the host skips probes). */
#define SKIFF_RUNTIME_SIMULATED ((uint32_t)1 << 0)

/** Signals for kill_container. */
enum {
    SKIFF_SIGNAL_TERM = 15,
    SKIFF_SIGNAL_KILL = 9
};

typedef struct skiff_node_runtime {
    uint32_t struct_size;
    /** SKIFF_RUNTIME_* bits. */
    uint32_t flags;
    /** The nodes the runtime plays: a JSON array of Node objects (metadata.name, labels and
     *  annotations; spec.taints; status.capacity, allocatable, addresses, nodeInfo). */
    skiff_status (*nodes)(void *instance, skiff_writer *out);
    /** Prepares a pod before its first container (its JSON): writes {"podIPs": ["..."]}. Called
     *  again for a pod it knows (after a restart of the host) and answers the same. */
    skiff_status (*run_pod)(void *instance, skiff_bytes pod, skiff_writer *out);
    /** Releases what run_pod prepared, once every container of the pod has exited. */
    skiff_status (*stop_pod)(void *instance, const char *pod_uid, skiff_writer *out);
    /** Starts a container (the request above); writes its record. */
    skiff_status (*start_container)(void *instance, skiff_bytes request, skiff_writer *out);
    /** Sends SKIFF_SIGNAL_TERM or SKIFF_SIGNAL_KILL to a container (every process of it). The exit
     *  is reported later through the host's container_event. SKIFF_ERR_NOT_FOUND for no record. */
    skiff_status (*kill_container)(void *instance, const char *id, int32_t signal, skiff_writer *out);
    /** Forgets an exited container's record. */
    skiff_status (*remove_container)(void *instance, const char *id, skiff_writer *out);
    /** Every record the runtime keeps, running and exited: a JSON array. The host calls it when it
     *  starts, to adopt what is still running, and whenever it resynchronizes. */
    skiff_status (*list_containers)(void *instance, skiff_writer *out);
    /** Runs a command in a container and waits for it (exec probes):
     *  request {"id", "command": [...], "timeoutMs"}; writes {"exitCode", "output", "timedOut"}. */
    skiff_status (*exec_sync)(void *instance, skiff_bytes request, skiff_writer *out);
} skiff_node_runtime;

/* ------------------------------------------------------------------------------------------------
 * The descriptor
 * --------------------------------------------------------------------------------------------- */
typedef struct skiff_plugin {
    uint32_t struct_size;
    /** The ABI the plugin was built against: SKIFF_ABI_MAJOR and SKIFF_ABI_MINOR of its header. */
    uint32_t abi_major;
    uint32_t abi_minor;
    skiff_plugin_kind kind;
    /** A unique name ("replicaset-controller"); lowercase letters, digits, '-' and '.'. */
    const char *name;
    /** The plugin's own version, free text ("1.2.0"). */
    const char *version;
    /** One line for `skiff plugins list`. */
    const char *description;
    uint64_t capabilities;
    /** Creates an instance. `config` is JSON (an object, "{}" when none was given). On failure
     *  return an error status and write a NUL-terminated reason into `error` (at most
     *  `error_capacity` bytes). The host may call the table's callbacks during init. */
    skiff_status (*init)(const skiff_host *host, skiff_bytes config, void **instance, char *error,
                         size_t error_capacity);
    /** Stops an instance: the host calls nothing else on it afterwards. May be NULL. */
    void (*shutdown)(void *instance);
    /** SKIFF_KIND_CONTROLLER: the controller table; NULL for other kinds. */
    const skiff_controller *controller;
    /** SKIFF_KIND_SCHEDULER (since 1.3): the set's table; NULL for other kinds. */
    const skiff_scheduler *scheduler;
    /** SKIFF_KIND_NODE_RUNTIME (since 1.4): the runtime's table; NULL for other kinds. */
    const skiff_node_runtime *node_runtime;
} skiff_plugin;

/**
 * The entry point: returns the plugin's descriptor (static storage) for a host serving
 * `host_abi_major`.`host_abi_minor`, or NULL when the plugin cannot work with that host.
 */
typedef const skiff_plugin *(*skiff_plugin_entry_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* SKIFF_PLUGIN_H */
