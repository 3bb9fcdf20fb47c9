"""
A small kopf operator for ``widgets.skiff.example.com`` (kind Widget, v1),
used by run_e2e.py to exercise a Skiff API server end to end.

Run it as:

    KUBECONFIG=/path/to/kubeconfig \
        python3 -m kopf run --standalone --namespace NS --verbose widget_operator.py

Behaviour:

* create  -> status.phase="Created", status.area=size*size, event reason "Created"
* update of spec.size -> status.phase="Updated", status.area=new*new, event "Updated"
* delete  -> ConfigMap "widget-deleted-<name>" in the same namespace, event "Deleted"
            (having an on.delete handler makes kopf add the finalizer
            "kopf.zalando.org/KopfFinalizerMarker" on first sight of the object)

Environment knobs (all optional):

* WIDGET_OPERATOR_NO_SCANNING=1  -> settings.scanning.disabled = True:
  kopf does not list/watch namespaces and CRDs; it only uses the
  ``--namespace`` given and the resources found by discovery at startup.
* WIDGET_OPERATOR_WATCH_TIMEOUT=N -> ?timeoutSeconds=N on watch requests (default 30).
"""
import datetime
import logging
import os
import threading

import kopf
import kubernetes

GROUP = 'skiff.example.com'
VERSION = 'v1'
PLURAL = 'widgets'

# The kubernetes client (used only for the ConfigMap in the delete handler)
# is configured lazily, once, from the same kubeconfig as kopf itself.
_k8s_lock = threading.Lock()
_k8s_core: kubernetes.client.CoreV1Api | None = None


def _core_v1() -> kubernetes.client.CoreV1Api:
    global _k8s_core
    with _k8s_lock:
        if _k8s_core is None:
            # Deliberately NOT load_incluster_config(): the e2e test always
            # passes an explicit kubeconfig (KUBECONFIG) with a plain http:// server.
            cfg = kubernetes.client.Configuration()
            kubernetes.config.load_kube_config(client_configuration=cfg)
            _drop_env_proxy_for_loopback(cfg)
            _k8s_core = kubernetes.client.CoreV1Api(kubernetes.client.ApiClient(cfg))
        return _k8s_core


def _drop_env_proxy_for_loopback(cfg: kubernetes.client.Configuration) -> None:
    # kubernetes>=35 picks up http(s)_proxy from the environment; never proxy a local test server.
    host = (cfg.host or '').split('://', 1)[-1].split('/', 1)[0].rsplit(':', 1)[0].strip('[]')
    if host in ('127.0.0.1', 'localhost', '::1', '0.0.0.0'):
        try:
            cfg.proxy = None
        except Exception:  # older clients: plain attribute, already None unless configured
            pass


def _area(size: object) -> int:
    n = int(size)  # type: ignore[call-overload]
    return n * n


# ---------------------------------------------------------------------------
# Authentication: a kubeconfig with `server: http://...` and no credentials.
# ---------------------------------------------------------------------------
@kopf.on.login(retries=5, backoff=1.0)
def login(**kwargs: object) -> kopf.ConnectionInfo | None:
    """
    Prefer kopf's own minimal kubeconfig parser when KUBECONFIG is set:
    it never switches to the in-cluster service account (the default
    ``login_via_client`` tries ``load_incluster_config()`` FIRST, which would
    silently target the wrong cluster when the CI itself runs in a pod),
    it accepts ``http://`` servers, and it sends no Authorization header
    when the kubeconfig user has no token/password/cert.
    """
    if os.environ.get('KUBECONFIG'):
        return kopf.login_with_kubeconfig(**kwargs)  # type: ignore[arg-type]
    return kopf.login_via_client(**kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Settings: fast & tolerant for a test run against a young API server.
# ---------------------------------------------------------------------------
@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, logger: logging.Logger, **_: object) -> None:
    # Events: kopf.info() posts only if posting is enabled and level <= INFO.
    settings.posting.enabled = True
    settings.posting.level = logging.INFO
    settings.posting.reporting_component = 'widget-operator'
    settings.posting.reporting_instance = 'e2e'

    # Watching: end each watch request server-side after N s (integer! kopf sends str(value)),
    # with a client-side cap slightly above it; reconnect quickly.
    watch_timeout = int(os.environ.get('WIDGET_OPERATOR_WATCH_TIMEOUT', '30'))
    settings.watching.server_timeout = watch_timeout
    settings.watching.client_timeout = watch_timeout + 15
    settings.watching.connect_timeout = 5
    settings.watching.reconnect_backoff = 0.5
    # No events/bookmarks for this long -> kopf drops the stream and re-lists+re-watches.
    settings.watching.inactivity_timeout = watch_timeout + 30
    settings.watching.initial_streaming = False  # plain LIST then WATCH (no sendInitialEvents)

    # Plain requests: fail fast, retry a few times.
    settings.networking.request_timeout = 30
    settings.networking.connect_timeout = 5
    settings.networking.error_backoffs = [0.5, 1, 2, 3, 5]

    # Persistence: the defaults, spelled out (annotations only; nothing in status.kopf).
    settings.persistence.finalizer = 'kopf.zalando.org/KopfFinalizerMarker'
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix='kopf.zalando.org')
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix='kopf.zalando.org', key='last-handled-configuration')
    # After each PATCH, kopf waits for a watch event carrying the PATCH response's
    # resourceVersion, at most this long. Small = tolerant of servers that get this wrong.
    settings.persistence.consistency_timeout = 2.0

    # Per-object workers: exit quickly when idle; retry failed processing quickly.
    settings.queueing.idle_timeout = 2.0
    settings.queueing.exit_timeout = 2.0
    settings.queueing.error_delays = [1, 1, 2, 3, 5, 8]

    # Handler retries (a raised non-permanent exception) back off 1 s instead of 60 s.
    settings.execution.max_workers = 4
    settings.execution.default_backoff = 1

    if os.environ.get('WIDGET_OPERATOR_NO_SCANNING'):
        settings.scanning.disabled = True

    logger.info("widget-operator configured (watch timeout %ss, scanning %s).",
                watch_timeout, 'disabled' if settings.scanning.disabled else 'enabled')


# ---------------------------------------------------------------------------
# Handlers.
# ---------------------------------------------------------------------------
@kopf.on.create(GROUP, VERSION, PLURAL, backoff=1)
def widget_created(spec: kopf.Spec, name: str, namespace: str, body: kopf.Body,
                   patch: kopf.Patch, logger: logging.Logger, **_: object) -> None:
    size = spec.get('size')
    if size is None:
        raise kopf.PermanentError("spec.size is missing")
    area = _area(size)
    patch.status['phase'] = 'Created'
    patch.status['area'] = area
    kopf.info(body, reason='Created',
              message=f"Widget {namespace}/{name} created: size={size}, "
                      f"color={spec.get('color')}, area={area}")
    logger.info(f"Widget {namespace}/{name} created with area {area}.")


@kopf.on.update(GROUP, VERSION, PLURAL, field='spec.size', backoff=1)
def widget_resized(old: object, new: object, name: str, namespace: str, body: kopf.Body,
                   patch: kopf.Patch, logger: logging.Logger, **_: object) -> None:
    if new is None:
        raise kopf.PermanentError("spec.size was removed")
    area = _area(new)
    patch.status['phase'] = 'Updated'
    patch.status['area'] = area
    kopf.info(body, reason='Updated',
              message=f"Widget {namespace}/{name} resized {old} -> {new}: area={area}")
    logger.info(f"Widget {namespace}/{name} resized {old} -> {new}, area {area}.")


@kopf.on.delete(GROUP, VERSION, PLURAL, backoff=1, retries=10)
def widget_deleted(spec: kopf.Spec, name: str, namespace: str, uid: str, body: kopf.Body,
                   logger: logging.Logger, **_: object) -> None:
    cm_name = f'widget-deleted-{name}'
    configmap = {
        'apiVersion': 'v1',
        'kind': 'ConfigMap',
        'metadata': {
            'name': cm_name,
            'namespace': namespace,
            'labels': {'app.kubernetes.io/managed-by': 'widget-operator'},
        },
        'data': {
            'widget': name,
            'uid': str(uid or ''),
            'size': str(spec.get('size')),
            'color': str(spec.get('color')),
            'deletedAt': datetime.datetime.now(datetime.timezone.utc).isoformat(),
        },
    }
    api = _core_v1()
    try:
        # A plain dict body + _preload_content=False: no client-side model (de)serialization.
        api.create_namespaced_config_map(namespace=namespace, body=configmap,
                                         _preload_content=False)
    except kubernetes.client.ApiException as e:
        if e.status != 409:  # AlreadyExists: a retry after a partial failure; fine.
            raise kopf.TemporaryError(
                f"Cannot create ConfigMap {namespace}/{cm_name}: {e.status} {e.reason}: {e.body}",
                delay=1)
    kopf.info(body, reason='Deleted',
              message=f"Widget {namespace}/{name} deleted; recorded in ConfigMap {cm_name}")
    logger.info(f"Widget {namespace}/{name} deletion recorded in ConfigMap {cm_name}.")
