#!/usr/bin/env python3
"""
End-to-end test: run the kopf-based widget operator against a Kubernetes-compatible
API server (Skiff) and check the full create -> update -> delete life cycle.

    python3 run_e2e.py --kubeconfig PATH --workdir DIR [--timeout 30] [--keep]

Uses only the kubernetes Python client (plus PyYAML, which it depends on) and the
standard library. The operator runs as a subprocess:

    python3 -m kopf run --standalone --namespace <ns> --verbose widget_operator.py

with KUBECONFIG=PATH, its stdout+stderr going to DIR/operator.log.

Exit code 0 and a final line "E2E OK" on success. On failure: a message naming
the failed step, the tail of operator.log, exit code 1.
"""
import argparse
import atexit
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from typing import Any, Callable

import kubernetes
import yaml  # a dependency of the kubernetes client
from kubernetes.client import ApiException

HERE = os.path.dirname(os.path.abspath(__file__))
GROUP = 'skiff.example.com'
VERSION = 'v1'
PLURAL = 'widgets'
KIND = 'Widget'
CRD_NAME = f'{PLURAL}.{GROUP}'
FINALIZER = 'kopf.zalando.org/KopfFinalizerMarker'
LAST_HANDLED = 'kopf.zalando.org/last-handled-configuration'

T0 = time.monotonic()


class StepFailed(Exception):
    pass


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def warn(msg: str) -> None:
    log(f"WARNING: {msg}")


def as_json(resp: Any) -> dict[str, Any]:
    """Decode a raw (``_preload_content=False``) urllib3 response."""
    data = resp.data if hasattr(resp, 'data') else resp
    if not data:
        return {}
    if isinstance(data, bytes):
        data = data.decode('utf-8')
    return json.loads(data)


def api_error(e: ApiException) -> str:
    body = e.body.decode('utf-8', 'replace') if isinstance(e.body, bytes) else (e.body or '')
    return f"HTTP {e.status} {e.reason}: {body[:500]}"


# Set once the operator is started: wait_for() fails fast if it has died.
OPERATOR_ALIVE: Callable[[], bool] | None = None


def wait_for(what: str, probe: Callable[[], tuple[bool, str]], timeout: float,
             interval: float = 0.3) -> str:
    """Poll ``probe() -> (done, detail)`` until done or timeout; return the last detail."""
    deadline = time.monotonic() + timeout
    detail = '(never probed)'
    while True:
        if OPERATOR_ALIVE is not None and not OPERATOR_ALIVE():
            raise StepFailed(f"the operator process exited while waiting for {what}; "
                             f"last seen: {detail}")
        try:
            done, detail = probe()
        except ApiException as e:
            done, detail = False, api_error(e)
        if done:
            return detail
        if time.monotonic() >= deadline:
            raise StepFailed(f"timed out after {timeout:g}s waiting for {what}; last seen: {detail}")
        time.sleep(interval)


# ---------------------------------------------------------------------------
# The operator subprocess.
# ---------------------------------------------------------------------------
class Operator:
    def __init__(self, *, kubeconfig: str, namespace: str, workdir: str, scanning: bool) -> None:
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.log_path = os.path.join(workdir, 'operator.log')
        self.scanning = scanning
        self.proc: subprocess.Popen[bytes] | None = None
        self._logf: Any = None

    def start(self) -> None:
        env = dict(os.environ)
        env['KUBECONFIG'] = self.kubeconfig
        env['PYTHONUNBUFFERED'] = '1'
        # Never let a client library fall back to an in-cluster service account.
        env.pop('KUBERNETES_SERVICE_HOST', None)
        env.pop('KUBERNETES_SERVICE_PORT', None)
        env.pop('KOPF_RUN_NAMESPACE', None)  # kopf would add it to --namespace
        if not self.scanning:
            env['WIDGET_OPERATOR_NO_SCANNING'] = '1'
        cmd = [sys.executable, '-m', 'kopf', 'run',
               '--standalone', '--namespace', self.namespace, '--verbose',
               os.path.join(HERE, 'widget_operator.py')]
        self._logf = open(self.log_path, 'ab', buffering=0)
        self._logf.write(f"### {' '.join(cmd)}\n".encode())
        self.proc = subprocess.Popen(cmd, cwd=HERE, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log(f"operator started, pid {self.proc.pid}, log {self.log_path}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def read_log(self) -> str:
        try:
            with open(self.log_path, encoding='utf-8', errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def tail(self, lines: int = 80) -> str:
        return '\n'.join(self.read_log().splitlines()[-lines:])

    def stop(self) -> None:
        global OPERATOR_ALIVE
        if self.proc is None:
            return
        OPERATOR_ALIVE = None
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            log("stopping the operator (SIGINT)")
            try:
                proc.send_signal(signal.SIGINT)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                warn("operator did not exit within 10s after SIGINT; killing it")
                proc.kill()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    warn(f"operator pid {proc.pid} did not die after SIGKILL")
        log(f"operator exited with code {proc.returncode}")
        if self._logf is not None:
            self._logf.close()
            self._logf = None


# ---------------------------------------------------------------------------
# The test.
# ---------------------------------------------------------------------------
class E2E:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.timeout: float = args.timeout
        self.ns = args.namespace or f'kopf-e2e-{uuid.uuid4().hex[:6]}'
        self.name = 'widget-a'
        self.operator: Operator | None = None
        self.step = '(not started)'

    # -- client setup --------------------------------------------------------
    def connect(self) -> None:
        cfg = kubernetes.client.Configuration()
        kubernetes.config.load_kube_config(config_file=self.args.kubeconfig,
                                           client_configuration=cfg)
        host = (cfg.host or '').split('://', 1)[-1].split('/', 1)[0].rsplit(':', 1)[0].strip('[]')
        if host in ('127.0.0.1', 'localhost', '::1', '0.0.0.0'):
            try:
                cfg.proxy = None  # kubernetes>=35 reads http(s)_proxy from the environment
            except Exception:
                pass
        client = kubernetes.client.ApiClient(cfg)
        self.server = cfg.host
        self.core = kubernetes.client.CoreV1Api(client)
        self.ext = kubernetes.client.ApiextensionsV1Api(client)
        self.custom = kubernetes.client.CustomObjectsApi(client)
        self.version_api = kubernetes.client.VersionApi(client)

    def run_step(self, title: str, fn: Callable[[], Any]) -> Any:
        self.step = title
        log(f"STEP {title}")
        return fn()

    # -- steps ------------------------------------------------------------
    def check_server(self) -> None:
        try:
            info = as_json(self.version_api.get_code(_preload_content=False))
            log(f"server {self.server} reachable; /version gitVersion={info.get('gitVersion')!r}")
        except ApiException as e:  # any HTTP answer proves reachability; kopf does not need /version
            warn(f"GET /version: {api_error(e)} (continuing)")
        except Exception as e:
            raise StepFailed(f"API server {self.server} is not reachable: {e!r}")

    def apply_crd(self) -> None:
        with open(self.args.crd, encoding='utf-8') as f:
            crd = yaml.safe_load(f)
        try:
            self.ext.create_custom_resource_definition(body=crd, _preload_content=False)
            log(f"CRD {CRD_NAME} created")
        except ApiException as e:
            if e.status != 409:
                raise StepFailed(f"POST CRD failed: {api_error(e)}")
            patch = {'spec': crd['spec']}
            try:
                self.ext.patch_custom_resource_definition(
                    name=CRD_NAME, body=patch, _preload_content=False,
                    _content_type='application/merge-patch+json')
            except ApiException as e2:
                raise StepFailed(f"CRD exists; merge-patching it failed: {api_error(e2)}")
            log(f"CRD {CRD_NAME} already existed; merge-patched its spec")

    def wait_crd_established(self) -> None:
        def probe() -> tuple[bool, str]:
            crd = as_json(self.ext.read_custom_resource_definition(
                name=CRD_NAME, _preload_content=False))
            conds = (crd.get('status') or {}).get('conditions') or []
            est = [c for c in conds if c.get('type') == 'Established']
            return (bool(est) and est[0].get('status') == 'True',
                    f"status.conditions={json.dumps(conds)}")
        wait_for(f"CRD {CRD_NAME} condition Established=True", probe, timeout=20)
        log(f"CRD {CRD_NAME} is Established")

    def create_namespace(self) -> None:
        try:
            self.core.create_namespace(body={'apiVersion': 'v1', 'kind': 'Namespace',
                                             'metadata': {'name': self.ns}},
                                       _preload_content=False)
            log(f"namespace {self.ns} created")
        except ApiException as e:
            if e.status != 409:
                raise StepFailed(f"creating namespace {self.ns} failed: {api_error(e)}")
            log(f"namespace {self.ns} already exists")

    def start_operator(self) -> None:
        self.operator = Operator(kubeconfig=os.path.abspath(self.args.kubeconfig),
                                 namespace=self.ns, workdir=self.args.workdir,
                                 scanning=not self.args.no_scanning)
        self.operator.start()
        global OPERATOR_ALIVE
        OPERATOR_ALIVE = self.operator.alive
        # Soft readiness: wait for kopf's debug line about the widgets watch (or just go on).
        deadline = time.monotonic() + 15
        marker = 'Starting the watch-stream for widgets.v1.skiff.example.com'
        while time.monotonic() < deadline:
            if not self.operator.alive():
                raise StepFailed(f"operator exited early with code {self.operator.proc.returncode}"
                                 if self.operator.proc else "operator exited early")
            if marker in self.operator.read_log():
                log("operator is watching widgets")
                return
            time.sleep(0.3)
        warn(f"no '{marker}' line in operator.log after 15s; continuing anyway")

    def get_widget(self) -> dict[str, Any]:
        return as_json(self.custom.get_namespaced_custom_object(
            GROUP, VERSION, self.ns, PLURAL, self.name, _preload_content=False))

    def create_widget(self) -> None:
        body = {
            'apiVersion': f'{GROUP}/{VERSION}',
            'kind': KIND,
            'metadata': {'name': self.name, 'namespace': self.ns},
            'spec': {'size': 3, 'color': 'blue'},
        }
        try:
            obj = as_json(self.custom.create_namespaced_custom_object(
                GROUP, VERSION, self.ns, PLURAL, body, _preload_content=False))
        except ApiException as e:
            raise StepFailed(f"creating Widget {self.ns}/{self.name} failed: {api_error(e)}")
        log(f"Widget created: uid={obj.get('metadata', {}).get('uid')} "
            f"resourceVersion={obj.get('metadata', {}).get('resourceVersion')}")

    def wait_status(self, phase: str, area: int) -> None:
        def probe() -> tuple[bool, str]:
            obj = self.get_widget()
            status = obj.get('status') or {}
            return (status.get('phase') == phase and status.get('area') == area,
                    f"status={json.dumps(status)} "
                    f"finalizers={obj.get('metadata', {}).get('finalizers')}")
        detail = wait_for(f"Widget status.phase={phase!r} and status.area={area}", probe,
                          timeout=self.timeout)
        log(f"Widget reached phase {phase}: {detail}")

    def check_finalizer(self) -> None:
        def probe() -> tuple[bool, str]:
            meta = self.get_widget().get('metadata', {})
            return FINALIZER in (meta.get('finalizers') or []), f"finalizers={meta.get('finalizers')}"
        detail = wait_for(f"finalizer {FINALIZER}", probe, timeout=5)
        log(f"finalizer present: {detail}")
        annotations = self.get_widget().get('metadata', {}).get('annotations') or {}
        if LAST_HANDLED in annotations:
            log(f"{LAST_HANDLED} = {annotations[LAST_HANDLED].strip()}")
        else:
            warn(f"annotation {LAST_HANDLED} is absent (kopf will re-run on.create handlers)")

    def list_events_for(self, name: str) -> list[dict[str, Any]]:
        selector = f'involvedObject.name={name}'
        try:
            items = as_json(self.core.list_namespaced_event(
                self.ns, field_selector=selector, _preload_content=False)).get('items') or []
        except ApiException as e:
            if e.status not in (400, 422, 500, 501):
                raise
            if not getattr(self, '_warned_selector', False):
                warn(f"server rejected fieldSelector={selector!r} ({api_error(e)}); "
                     f"listing all events and filtering client-side")
                self._warned_selector = True
            items = as_json(self.core.list_namespaced_event(
                self.ns, _preload_content=False)).get('items') or []
        mine = [ev for ev in items if (ev.get('involvedObject') or {}).get('name') == name]
        if len(mine) != len(items) and not getattr(self, '_warned_ignored', False):
            warn(f"fieldSelector={selector!r} was ignored by the server: "
                 f"{len(items) - len(mine)} events for other objects returned")
            self._warned_ignored = True
        return mine

    def check_event(self, reason: str, timeout: float) -> None:
        def probe() -> tuple[bool, str]:
            events = self.list_events_for(self.name)
            found = [ev for ev in events if ev.get('reason') == reason
                     and (ev.get('involvedObject') or {}).get('kind') == KIND]
            summary = [(ev.get('reason'), ev.get('type'), ev.get('message')) for ev in events]
            return bool(found), f"events for {self.name}: {summary}"
        wait_for(f"a {reason!r} Event with involvedObject.name={self.name}", probe, timeout=timeout)
        log(f"{reason} event found")

    def resize_widget(self, size: int) -> None:
        try:
            self.custom.patch_namespaced_custom_object(
                GROUP, VERSION, self.ns, PLURAL, self.name, {'spec': {'size': size}},
                _preload_content=False, _content_type='application/merge-patch+json')
        except ApiException as e:
            raise StepFailed(f"merge-patching spec.size failed: {api_error(e)}")
        log(f"Widget spec.size patched to {size}")

    def delete_widget(self) -> None:
        try:
            self.custom.delete_namespaced_custom_object(
                GROUP, VERSION, self.ns, PLURAL, self.name, _preload_content=False)
        except ApiException as e:
            raise StepFailed(f"deleting the Widget failed: {api_error(e)}")
        log("Widget deletion requested")

    def wait_widget_gone(self) -> None:
        def probe() -> tuple[bool, str]:
            try:
                obj = self.get_widget()
            except ApiException as e:
                if e.status == 404:
                    return True, 'HTTP 404'
                raise
            meta = obj.get('metadata', {})
            return False, (f"still present: deletionTimestamp={meta.get('deletionTimestamp')} "
                           f"finalizers={meta.get('finalizers')}")
        wait_for("the Widget to disappear (GET -> 404)", probe, timeout=self.timeout)
        log("Widget is gone")

    def check_configmap(self) -> None:
        cm_name = f'widget-deleted-{self.name}'
        def probe() -> tuple[bool, str]:
            try:
                cm = as_json(self.core.read_namespaced_config_map(
                    cm_name, self.ns, _preload_content=False))
            except ApiException as e:
                if e.status == 404:
                    return False, 'HTTP 404'
                raise
            return (cm.get('data') or {}).get('widget') == self.name, f"data={cm.get('data')}"
        detail = wait_for(f"ConfigMap {self.ns}/{cm_name}", probe, timeout=10)
        log(f"ConfigMap {cm_name} exists: {detail}")

    def cleanup(self) -> None:
        if self.args.keep:
            log(f"--keep: leaving namespace {self.ns} and CRD {CRD_NAME} in place")
            return
        try:
            self.core.delete_namespace(self.ns, _preload_content=False)
            log(f"namespace {self.ns} deletion requested (best effort)")
        except Exception as e:
            warn(f"could not delete namespace {self.ns}: {e!r} (ignored)")

    # -- the scenario --------------------------------------------------------
    def run(self) -> int:
        try:
            self.run_step('load kubeconfig', self.connect)
            self.run_step('check API server', self.check_server)
            self.run_step('apply CRD', self.apply_crd)
            self.run_step('wait for CRD Established', self.wait_crd_established)
            self.run_step('create namespace', self.create_namespace)
            self.run_step('start operator', self.start_operator)
            self.run_step('create Widget', self.create_widget)
            self.run_step('wait for status.phase=Created', lambda: self.wait_status('Created', 9))
            self.run_step('check kopf finalizer', self.check_finalizer)
            self.run_step('check Created event', lambda: self.check_event('Created', 15))
            self.run_step('patch spec.size', lambda: self.resize_widget(5))
            self.run_step('wait for status.phase=Updated', lambda: self.wait_status('Updated', 25))
            self.run_step('delete Widget', self.delete_widget)
            self.run_step('wait for Widget gone', self.wait_widget_gone)
            self.run_step('check widget-deleted ConfigMap', self.check_configmap)
            if self.operator is not None and not self.operator.alive():
                raise StepFailed("the operator died during the test")
            self.run_step('stop operator', self.stop_operator)
        except Exception as e:
            msg = api_error(e) if isinstance(e, ApiException) else (
                str(e) if isinstance(e, StepFailed) else f"{type(e).__name__}: {e}")
            print(f"\nE2E FAILED at step '{self.step}': {msg}", flush=True)
            if self.operator is not None:
                problems = [line for line in self.operator.read_log().splitlines()
                            if '[ERROR' in line or '[WARNING' in line or '[CRITICAL' in line]
                if problems:
                    print(f"--- first {min(len(problems), 25)} of {len(problems)} ERROR/WARNING "
                          f"lines in operator.log ---", flush=True)
                    print('\n'.join(line[:400] for line in problems[:25]), flush=True)
                alive = self.operator.alive()
                print(f"--- operator is {'running' if alive else 'NOT running'}; "
                      f"tail of {self.operator.log_path} ---", flush=True)
                print(self.operator.tail(), flush=True)
                print("--- end of operator.log tail ---", flush=True)
                self.stop_operator()
            return 1
        self.cleanup()
        print("E2E OK", flush=True)
        return 0

    def stop_operator(self) -> None:
        if self.operator is not None:
            self.operator.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--kubeconfig', required=True, help='kubeconfig for the API server')
    parser.add_argument('--workdir', required=True, help='directory for operator.log')
    parser.add_argument('--crd', default=os.path.join(HERE, 'crd.yaml'))
    parser.add_argument('--namespace', default=None, help='test namespace (default: random)')
    parser.add_argument('--timeout', type=float, default=30.0,
                        help='seconds to wait for each operator reaction (default 30)')
    parser.add_argument('--no-scanning', action='store_true',
                        help='run kopf with settings.scanning.disabled (no namespace/CRD watches)')
    parser.add_argument('--keep', action='store_true', help='do not delete the test namespace')
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)

    test = E2E(args)
    atexit.register(test.stop_operator)  # never leave the operator behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        return test.run()
    except KeyboardInterrupt:
        print(f"\nE2E FAILED at step '{test.step}': interrupted", flush=True)
        test.stop_operator()
        return 1


if __name__ == '__main__':
    sys.exit(main())
