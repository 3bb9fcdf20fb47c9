"""The official Python client against skiff: list, watch from a resourceVersion, a 410 after a
compaction, relist, and continue without missing an event. Prints one JSON line of findings."""

import json
import os
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(os.environ["SKIFF_KUBECONFIG"])
api = client.CoreV1Api()
ns = "pytest"
api.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
found = {}


def make(name):
    api.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"n": name}))


for i in range(5):
    make(f"before-{i}")

listed = api.list_namespaced_config_map(ns)
found["listed"] = sorted(item.metadata.name for item in listed.items)
rv = listed.metadata.resource_version

for i in range(3):
    make(f"after-{i}")

seen = []
w = watch.Watch()
for event in w.stream(api.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=5):
    seen.append((event["type"], event["object"].metadata.name))
    if len(seen) == 3:
        w.stop()
found["watched"] = seen

# Paging: two pages of three at one revision.
page = api.list_namespaced_config_map(ns, limit=3)
rest = api.list_namespaced_config_map(ns, limit=3, _continue=page.metadata._continue)
found["pages"] = [len(page.items), len(rest.items), page.metadata.remaining_item_count]

# Compact the store to now: the old resourceVersion is gone. Through the client's own connection,
# so over TLS, verifying the server against the kubeconfig's CA and presenting its certificate.
configuration = api.api_client.configuration
found["tls"] = [configuration.host.startswith("https://"), configuration.verify_ssl, configuration.ssl_ca_cert is not None]
answer = api.api_client.rest_client.pool_manager.request("POST", configuration.host + "/skiff/v1/compact")
assert answer.status == 200, answer.data
# A client that trusts only the system's roots refuses the server's certificate.
untrusting = client.Configuration()
untrusting.host = configuration.host
untrusting.ssl_ca_cert = "/etc/ssl/certs/ca-certificates.crt"
untrusting.retries = 0
try:
    client.CoreV1Api(client.ApiClient(untrusting)).list_namespace(_request_timeout=5)
    found["untrusted"] = "accepted"
except Exception as error:  # urllib3 wraps the SSL error
    found["untrusted"] = "CERTIFICATE_VERIFY_FAILED" in str(error)
try:
    for event in watch.Watch().stream(api.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=5):
        found.setdefault("unexpected", []).append(event["type"])
except ApiException as error:
    found["expired"] = error.status

# Relist, then watch from the new revision while a writer adds objects: none may be missed.
relisted = api.list_namespaced_config_map(ns)
names = {item.metadata.name for item in relisted.items}
rv = relisted.metadata.resource_version


def writer():
    for i in range(20):
        make(f"late-{i}")


thread = threading.Thread(target=writer)
thread.start()
late = []
w = watch.Watch()
for event in w.stream(api.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=20):
    name = event["object"].metadata.name
    if event["type"] == "ADDED":
        late.append(name)
    if len(late) == 20:
        w.stop()
thread.join()
found["relisted"] = len(names)
found["late"] = late
print(json.dumps(found))
