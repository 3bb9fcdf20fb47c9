// Realistic manifests, as kube-apiserver stores and returns them, for the Kinds tests.

enum KindsFixtures {
    static let deployment = #"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {
            "annotations": {"deployment.kubernetes.io/revision": "3"},
            "creationTimestamp": "2025-03-01T10:00:00Z",
            "generation": 4,
            "labels": {"app": "web"},
            "name": "web",
            "namespace": "shop",
            "resourceVersion": "123456",
            "uid": "0f9c3b1e-7c2a-4f1e-9d8b-1a2b3c4d5e6f"
          },
          "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": 3,
            "revisionHistoryLimit": 10,
            "selector": {
              "matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend"]}],
              "matchLabels": {"app": "web"}
            },
            "strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"}, "type": "RollingUpdate"},
            "template": {
              "metadata": {
                "annotations": {"prometheus.io/scrape": "true"},
                "creationTimestamp": null,
                "labels": {"app": "web", "tier": "frontend"}
              },
              "spec": {
                "affinity": {
                  "nodeAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                      {"preference": {"matchExpressions": [{"key": "node-type", "operator": "In",
                       "values": ["compute"]}]},
                       "weight": 50}
                    ],
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                      "nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64",
                         "arm64"]}]},
                        {"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["node-9"]}]}
                      ]
                    }
                  },
                  "podAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                      {"podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "cache"}},
                                           "namespaces": ["shop", "cache"],
                                           "topologyKey": "topology.kubernetes.io/zone"},
                       "weight": 20}
                    ]
                  },
                  "podAntiAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                      {"labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
                       "matchLabelKeys": ["pod-template-hash"],
                       "mismatchLabelKeys": ["canary"],
                       "namespaceSelector": {},
                       "topologyKey": "kubernetes.io/hostname"}
                    ]
                  }
                },
                "containers": [
                  {
                    "args": ["--port=8080"],
                    "command": ["/app/server"],
                    "env": [
                      {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                       "fieldPath": "metadata.name"}}},
                      {"name": "CPU_LIMIT",
                       "valueFrom": {"resourceFieldRef": {"containerName": "web", "divisor": "1m",
                        "resource": "limits.cpu"}}},
                      {"name": "DB_HOST", "valueFrom": {"configMapKeyRef": {"key": "host", "name": "db-config"}}},
                      {"name": "DB_PASSWORD",
                       "valueFrom": {"secretKeyRef": {"key": "password", "name": "db-secret", "optional": false}}},
                      {"name": "MODE", "value": "production"},
                      {"name": "EMPTY", "value": ""}
                    ],
                    "envFrom": [
                      {"configMapRef": {"name": "web-env"}, "prefix": "WEB_"},
                      {"secretRef": {"name": "web-secrets", "optional": true}}
                    ],
                    "image": "registry.example.com/shop/web:2.4.1",
                    "imagePullPolicy": "IfNotPresent",
                    "lifecycle": {
                      "postStart": {"exec": {"command": ["/bin/sh", "-c", "echo started > /tmp/started"]}},
                      "preStop": {"sleep": {"seconds": 5}}
                    },
                    "livenessProbe": {
                      "failureThreshold": 3,
                      "httpGet": {"httpHeaders": [{"name": "X-Probe", "value": "liveness"}], "path": "/healthz",
                       "port": 8080,
                                  "scheme": "HTTP"},
                      "initialDelaySeconds": 10,
                      "periodSeconds": 10,
                      "successThreshold": 1,
                      "terminationGracePeriodSeconds": 20,
                      "timeoutSeconds": 2
                    },
                    "name": "web",
                    "ports": [
                      {"containerPort": 8080, "name": "http", "protocol": "TCP"},
                      {"containerPort": 9090, "name": "metrics", "protocol": "TCP"}
                    ],
                    "readinessProbe": {
                      "failureThreshold": 3,
                      "httpGet": {"path": "/ready", "port": "http", "scheme": "HTTP"},
                      "periodSeconds": 5,
                      "successThreshold": 1,
                      "timeoutSeconds": 1
                    },
                    "resources": {"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "250m",
                     "memory": "256Mi"}},
                    "securityContext": {
                      "allowPrivilegeEscalation": false,
                      "capabilities": {"drop": ["ALL"]},
                      "readOnlyRootFilesystem": true,
                      "runAsNonRoot": true,
                      "runAsUser": 10001,
                      "seccompProfile": {"type": "RuntimeDefault"}
                    },
                    "startupProbe": {
                      "failureThreshold": 30,
                      "periodSeconds": 2,
                      "successThreshold": 1,
                      "tcpSocket": {"port": 8080},
                      "timeoutSeconds": 1
                    },
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                    "volumeMounts": [
                      {"mountPath": "/etc/web", "name": "config", "readOnly": true},
                      {"mountPath": "/tmp", "name": "tmp"},
                      {"mountPath": "/var/run/secrets/tokens", "name": "token"},
                      {"mountPath": "/data", "name": "data", "subPath": "web"},
                      {"mountPath": "/var/log/host", "mountPropagation": "HostToContainer", "name": "varlog",
                       "readOnly": true, "recursiveReadOnly": "IfPossible"}
                    ]
                  }
                ],
                "dnsPolicy": "ClusterFirst",
                "initContainers": [
                  {
                    "command": ["/migrate", "--wait"],
                    "image": "registry.example.com/shop/migrate:2.4.1",
                    "imagePullPolicy": "IfNotPresent",
                    "name": "migrate",
                    "resources": {},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "FallbackToLogsOnError"
                  }
                ],
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {"fsGroup": 2000, "runAsGroup": 3000, "supplementalGroups": [4000]},
                "serviceAccount": "web",
                "serviceAccountName": "web",
                "terminationGracePeriodSeconds": 45,
                "tolerations": [
                  {"effect": "NoSchedule", "key": "dedicated", "operator": "Equal", "value": "web"},
                  {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
                   "tolerationSeconds": 300}
                ],
                "topologySpreadConstraints": [
                  {"labelSelector": {"matchLabels": {"app": "web"}}, "matchLabelKeys": ["pod-template-hash"],
                   "maxSkew": 1, "minDomains": 2, "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore",
                   "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway"}
                ],
                "volumes": [
                  {"configMap": {"defaultMode": 420, "items": [{"key": "app.yaml", "path": "app.yaml"}],
                   "name": "web-config"},
                   "name": "config"},
                  {"emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}, "name": "tmp"},
                  {"name": "token",
                   "projected": {
                     "defaultMode": 420,
                     "sources": [
                       {"serviceAccountToken": {"audience": "vault", "expirationSeconds": 3600, "path": "vault-token"}},
                       {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                       {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                                    "path": "namespace"}]}},
                       {"secret": {"items": [{"key": "token", "mode": 384, "path": "db-token"}], "name": "db-token"}}
                     ]
                   }},
                  {"name": "data", "persistentVolumeClaim": {"claimName": "web-data", "readOnly": false}},
                  {"name": "shared", "nfs": {"path": "/exports/shared", "readOnly": true, "server": "nfs.example.com"}},
                  {"hostPath": {"path": "/var/log", "type": "Directory"}, "name": "varlog"},
                  {"name": "certs", "secret": {"defaultMode": 256, "optional": true, "secretName": "web-tls"}}
                ]
              }
            }
          },
          "status": {
            "availableReplicas": 3,
            "conditions": [
              {"lastTransitionTime": "2025-03-01T10:01:00Z", "lastUpdateTime": "2025-03-01T10:01:00Z",
               "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
               "status": "True", "type": "Available"},
              {"lastTransitionTime": "2025-03-01T10:00:00Z", "lastUpdateTime": "2025-03-02T08:30:12Z",
               "message": "ReplicaSet \"web-7c9d8f6b5d\" has successfully progressed.",
               "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}
            ],
            "observedGeneration": 4,
            "readyReplicas": 3,
            "replicas": 3,
            "terminatingReplicas": 0,
            "updatedReplicas": 3
          }
        }
        """#

    static let runningPod = #"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "annotations": {"kubectl.kubernetes.io/restartedAt": "2025-03-02T08:29:00Z"},
            "creationTimestamp": "2025-03-02T08:30:00Z",
            "generateName": "web-7c9d8f6b5d-",
            "generation": 1,
            "labels": {"app": "web", "pod-template-hash": "7c9d8f6b5d"},
            "managedFields": [
              {"apiVersion": "v1", "fieldsType": "FieldsV1",
               "fieldsV1": {"f:status": {"f:conditions": {"k:{\"type\":\"Ready\"}": {".": {}, "f:status": {}}}}},
               "manager": "kubelet", "operation": "Update", "subresource": "status", "time": "2025-03-02T08:30:09Z"}
            ],
            "name": "web-7c9d8f6b5d-x2x7q",
            "namespace": "shop",
            "ownerReferences": [
              {"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet",
               "name": "web-7c9d8f6b5d", "uid": "6a1e2d0c-51c4-4a55-8d6e-0c2f3b4a5d6e"}
            ],
            "resourceVersion": "123789",
            "uid": "b5f0a1c2-3d4e-4f50-8a6b-7c8d9e0f1a2b"
          },
          "spec": {
            "containers": [
              {
                "env": [
                  {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                  {"name": "MEM", "valueFrom": {"resourceFieldRef": {"containerName": "web", "divisor": "0",
                                                                      "resource": "limits.memory"}}}
                ],
                "image": "nginx:1.27",
                "imagePullPolicy": "IfNotPresent",
                "lifecycle": {"preStop": {"httpGet": {"path": "/drain", "port": 80, "scheme": "HTTP"}}},
                "name": "web",
                "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}],
                "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "failureThreshold": 3,
                                   "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
                "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}],
                "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "500m",
                 "memory": "128Mi"}},
                "stdin": false,
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "tty": false,
                "volumeMounts": [
                  {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-7xk2p",
                   "readOnly": true}
                ]
              }
            ],
            "dnsConfig": {"nameservers": ["1.1.1.1"], "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}],
                          "searches": ["shop.svc.cluster.local"]},
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": true,
            "hostAliases": [{"hostnames": ["db.local"], "ip": "10.0.0.5"}],
            "imagePullSecrets": [{"name": "registry-creds"}],
            "nodeName": "node-1",
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "os": {"name": "linux"},
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0,
            "readinessGates": [{"conditionType": "example.com/feature-ready"}],
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "serviceAccount": "default",
            "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30,
            "tolerations": [
              {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
               "tolerationSeconds": 300},
              {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
               "tolerationSeconds": 300}
            ],
            "volumes": [
              {"name": "kube-api-access-7xk2p",
               "projected": {
                 "defaultMode": 420,
                 "sources": [
                   {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                   {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                   {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                                "path": "namespace"}]}}
                 ]
               }},
              {"ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"type": "scratch"}},
                                                    "spec": {"accessModes": ["ReadWriteOnce"],
                                                             "resources": {"requests": {"storage": "1Gi"}},
                                                             "storageClassName": "fast"}}},
               "name": "scratch"}
            ]
          },
          "status": {
            "conditions": [
              {"lastProbeTime": null, "lastTransitionTime": "2025-03-02T08:30:05Z", "observedGeneration": 1,
               "status": "True", "type": "PodReadyToStartContainers"},
              {"lastProbeTime": null, "lastTransitionTime": "2025-03-02T08:30:01Z", "status": "True",
               "type": "Initialized"},
              {"lastProbeTime": null, "lastTransitionTime": "2025-03-02T08:30:09Z", "status": "True", "type": "Ready"},
              {"lastProbeTime": null, "lastTransitionTime": "2025-03-02T08:30:09Z", "status": "True",
               "type": "ContainersReady"},
              {"lastProbeTime": null, "lastTransitionTime": "2025-03-02T08:30:00Z", "status": "True",
               "type": "PodScheduled"}
            ],
            "containerStatuses": [
              {
                "allocatedResources": {"cpu": "500m", "memory": "128Mi"},
                "containerID": "containerd://4f1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3",
                "image": "docker.io/library/nginx:1.27",
                "imageID":
                  "docker.io/library/nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a",
                "lastState": {
                  "terminated": {"containerID": "containerd://1111", "exitCode": 137,
                   "finishedAt": "2025-03-02T08:30:03Z",
                                 "reason": "OOMKilled", "startedAt": "2025-03-02T08:30:02Z"}
                },
                "name": "web",
                "ready": true,
                "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "500m",
                 "memory": "128Mi"}},
                "restartCount": 1,
                "started": true,
                "state": {"running": {"startedAt": "2025-03-02T08:30:04Z"}},
                "user": {"linux": {"gid": 0, "supplementalGroups": [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27], "uid": 0}},
                "volumeMounts": [
                  {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-7xk2p",
                   "readOnly": true, "recursiveReadOnly": "Disabled"}
                ]
              }
            ],
            "hostIP": "192.168.1.11",
            "hostIPs": [{"ip": "192.168.1.11"}, {"ip": "fd00::11"}],
            "observedGeneration": 1,
            "phase": "Running",
            "podIP": "10.244.1.17",
            "podIPs": [{"ip": "10.244.1.17"}, {"ip": "fd00:10:244:1::11"}],
            "qosClass": "Guaranteed",
            "startTime": "2025-03-02T08:30:00Z"
          }
        }
        """#

    static let pendingPod = #"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"name": "trainer", "namespace": "ml", "uid": "c0ffee00-0000-4000-8000-000000000001"},
          "spec": {
            "activeDeadlineSeconds": 86400,
            "automountServiceAccountToken": false,
            "containers": [
              {
                "image":
                  "ghcr.io/example/trainer@sha256:9d2f6ab1c0e0d1b9d7cba2b4a3c8e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4",
                "imagePullPolicy": "IfNotPresent",
                "livenessProbe": {"failureThreshold": 3, "grpc": {"port": 9000, "service": ""}, "periodSeconds": 10,
                                  "successThreshold": 1, "timeoutSeconds": 1},
                "name": "trainer",
                "resources": {"claims": [{"name": "gpu", "request": "a100"}], "limits": {"nvidia.com/gpu": "1"},
                              "requests": {"nvidia.com/gpu": "1"}},
                "restartPolicy": "Never",
                "restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}],
                "securityContext": {"appArmorProfile": {"localhostProfile": "trainer", "type": "Localhost"},
                                    "capabilities": {"add": ["SYS_PTRACE"], "drop": ["NET_RAW"]},
                                    "privileged": false, "procMount": "Default", "runAsGroup": 1000,
                                    "seLinuxOptions": {"level": "s0:c123,c456", "role": "object_r", "type": "spc_t",
                                                       "user": "system_u"}},
                "stdinOnce": true,
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeDevices": [{"devicePath": "/dev/xvda", "name": "block"}],
                "volumeMounts": [{"mountPath": "/model", "name": "model"}, {"mountPath": "/cache", "name": "cache",
                                                                           "subPathExpr": "$(POD_NAME)"}],
                "workingDir": "/work"
              }
            ],
            "dnsPolicy": "None",
            "enableServiceLinks": false,
            "ephemeralContainers": [
              {"image": "busybox:latest", "imagePullPolicy": "Always", "name": "debugger-x7k", "stdin": true,
               "targetContainerName": "trainer", "terminationMessagePath": "/dev/termination-log",
               "terminationMessagePolicy": "File", "tty": true}
            ],
            "hostIPC": false,
            "hostNetwork": false,
            "hostPID": false,
            "hostUsers": false,
            "hostname": "trainer-0",
            "initContainers": [
              {"image": "envoyproxy/envoy:v1.31.0", "imagePullPolicy": "IfNotPresent", "name": "proxy",
               "restartPolicy": "Always", "terminationMessagePath": "/dev/termination-log",
               "terminationMessagePolicy": "File"}
            ],
            "overhead": {"cpu": "250m", "memory": "120Mi"},
            "priority": 1000000,
            "priorityClassName": "high",
            "resourceClaims": [{"name": "gpu", "resourceClaimTemplateName": "a100-template"},
                               {"name": "shared", "resourceClaimName": "shared-fpga"}],
            "resources": {"limits": {"cpu": "8", "memory": "64Gi"}},
            "restartPolicy": "OnFailure",
            "runtimeClassName": "nvidia",
            "schedulerName": "gpu-scheduler",
            "schedulingGates": [{"name": "example.com/quota"}],
            "securityContext": {"fsGroupChangePolicy": "OnRootMismatch", "runAsNonRoot": true, "runAsUser": 1000,
                                "seLinuxChangePolicy": "MountOption", "seccompProfile": {"localhostProfile": "p.json",
                                                                                         "type": "Localhost"},
                                "supplementalGroupsPolicy": "Strict",
                                "sysctls": [{"name": "net.core.somaxconn", "value": "1024"}]},
            "setHostnameAsFQDN": true,
            "shareProcessNamespace": true,
            "subdomain": "trainers",
            "terminationGracePeriodSeconds": 0,
            "volumes": [
              {"image": {"pullPolicy": "IfNotPresent", "reference": "ghcr.io/example/model:v3"}, "name": "model"},
              {"csi": {"driver": "cache.csi.example.com", "volumeAttributes": {"size": "10Gi"}}, "name": "cache"},
              {"name": "block", "persistentVolumeClaim": {"claimName": "block-pvc"}},
              {"downwardAPI": {"defaultMode": 420,
                               "items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"},
                                          "path": "labels"},
                                         {"mode": 256, "path": "cpu",
                                          "resourceFieldRef": {"containerName": "trainer", "divisor": "1m",
                                                               "resource": "requests.cpu"}}]},
               "name": "podinfo"}
            ]
          },
          "status": {
            "conditions": [{"lastProbeTime": null, "lastTransitionTime": "2025-03-02T09:00:00Z",
                            "message": "Scheduling is blocked due to non-empty scheduling gates",
                            "reason": "SchedulingGated", "status": "False", "type": "PodScheduled"}],
            "phase": "Pending",
            "qosClass": "Burstable"
          }
        }
        """#

    static let node = #"""
        {
          "apiVersion": "v1",
          "kind": "Node",
          "metadata": {
            "annotations": {"node.alpha.kubernetes.io/ttl": "0",
             "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
            "creationTimestamp": "2025-01-10T12:00:00Z",
            "labels": {"beta.kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "node-1",
             "kubernetes.io/os": "linux",
                       "node-role.kubernetes.io/worker": "", "topology.kubernetes.io/zone": "eu-west-1a"},
            "name": "node-1",
            "resourceVersion": "998877",
            "uid": "11111111-2222-4333-8444-555555555555"
          },
          "spec": {
            "podCIDR": "10.244.1.0/24",
            "podCIDRs": ["10.244.1.0/24", "fd00:10:244:1::/64"],
            "providerID": "aws:///eu-west-1a/i-0123456789abcdef0",
            "taints": [{"effect": "NoSchedule", "key": "dedicated", "value": "web"},
                       {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable",
                        "timeAdded": "2025-03-02T07:00:00Z"}],
            "unschedulable": false
          },
          "status": {
            "addresses": [{"address": "192.168.1.11", "type": "InternalIP"}, {"address": "node-1", "type": "Hostname"}],
            "allocatable": {"cpu": "3800m", "ephemeral-storage": "95551679124", "hugepages-1Gi": "0",
             "hugepages-2Mi": "0",
                            "memory": "15723516Ki", "pods": "110"},
            "capacity": {"cpu": "4", "ephemeral-storage": "103680000Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                         "memory": "16325628Ki", "pods": "110"},
            "conditions": [
              {"lastHeartbeatTime": "2025-03-02T08:31:00Z", "lastTransitionTime": "2025-01-10T12:00:00Z",
               "message": "kubelet has sufficient memory available", "reason": "KubeletHasSufficientMemory",
               "status": "False", "type": "MemoryPressure"},
              {"lastHeartbeatTime": "2025-03-02T08:31:00Z", "lastTransitionTime": "2025-01-10T12:00:00Z",
               "message": "kubelet has no disk pressure", "reason": "KubeletHasNoDiskPressure", "status": "False",
               "type": "DiskPressure"},
              {"lastHeartbeatTime": "2025-03-02T08:31:00Z", "lastTransitionTime": "2025-01-10T12:00:00Z",
               "message": "kubelet has sufficient PID available", "reason": "KubeletHasSufficientPID",
               "status": "False", "type": "PIDPressure"},
              {"lastHeartbeatTime": "2025-03-02T08:31:00Z", "lastTransitionTime": "2025-01-10T12:00:30Z",
               "message": "kubelet is posting ready status", "reason": "KubeletReady", "status": "True",
                "type": "Ready"}
            ],
            "config": {},
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "features": {"supplementalGroupsPolicy": true},
            "images": [
              {"names": [
                 "docker.io/library/nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a",
                         "docker.io/library/nginx:1.27"], "sizeBytes": 72950530},
              {"names": ["registry.k8s.io/pause:3.10"], "sizeBytes": 320368}
            ],
            "nodeInfo": {
              "architecture": "amd64",
              "bootID": "9a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
              "containerRuntimeVersion": "containerd://2.0.2",
              "kernelVersion": "6.8.0-1021-aws",
              "kubeProxyVersion": "",
              "kubeletVersion": "v1.33.1",
              "machineID": "ec2a1b2c3d4e5f60718293a4b5c6d7e8",
              "operatingSystem": "linux",
              "osImage": "Ubuntu 24.04.1 LTS",
              "swap": {"capacity": 0},
              "systemUUID": "ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"
            },
            "runtimeHandlers": [
              {"features": {"recursiveReadOnlyMounts": true, "userNamespaces": true}, "name": "runc"},
              {"features": {"recursiveReadOnlyMounts": true, "userNamespaces": true}, "name": ""}
            ],
            "volumesAttached": [{"devicePath": "", "name": "kubernetes.io/csi/ebs.csi.aws.com^vol-0abc"}],
            "volumesInUse": ["kubernetes.io/csi/ebs.csi.aws.com^vol-0abc"]
          }
        }
        """#

    static let service = #"""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": {"annotations": {"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"},
                       "creationTimestamp": "2025-03-01T10:00:00Z",
                        "finalizers": ["service.kubernetes.io/load-balancer-cleanup"],
                       "name": "web", "namespace": "shop", "resourceVersion": "4242",
                       "uid": "22222222-3333-4444-8555-666666666666"},
          "spec": {
            "allocateLoadBalancerNodePorts": true,
            "clusterIP": "10.96.12.34",
            "clusterIPs": ["10.96.12.34", "fd00:10:96::1234"],
            "externalIPs": ["203.0.113.10"],
            "externalTrafficPolicy": "Local",
            "healthCheckNodePort": 31999,
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": ["IPv4", "IPv6"],
            "ipFamilyPolicy": "PreferDualStack",
            "loadBalancerClass": "service.k8s.aws/nlb",
            "loadBalancerSourceRanges": ["203.0.113.0/24"],
            "ports": [
              {"appProtocol": "http", "name": "http", "nodePort": 30080, "port": 80, "protocol": "TCP",
               "targetPort": "http"},
              {"name": "dns", "nodePort": 30053, "port": 53, "protocol": "UDP", "targetPort": 5353}
            ],
            "publishNotReadyAddresses": false,
            "selector": {"app": "web"},
            "sessionAffinity": "ClientIP",
            "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
            "trafficDistribution": "PreferClose",
            "type": "LoadBalancer"
          },
          "status": {
            "conditions": [{"lastTransitionTime": "2025-03-01T10:00:30Z", "message": "", "observedGeneration": 1,
                            "reason": "LoadBalancerProvisioned", "status": "True", "type": "LoadBalancerReady"}],
            "loadBalancer": {
              "ingress": [
                {"hostname": "web-0123456789.elb.eu-west-1.amazonaws.com", "ipMode": "Proxy",
                 "ports": [{"port": 80, "protocol": "TCP"}, {"error": "UnsupportedProtocol", "port": 53,
                  "protocol": "UDP"}]},
                {"ip": "198.51.100.7", "ipMode": "VIP"}
              ]
            }
          }
        }
        """#

    static let externalNameService = #"""
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "db", "namespace": "shop"},
         "spec": {"externalName": "db.example.com", "sessionAffinity": "None", "type": "ExternalName"},
         "status": {"loadBalancer": {}}}
        """#

    static let lease = #"""
        {
          "apiVersion": "coordination.k8s.io/v1",
          "kind": "Lease",
          "metadata": {"creationTimestamp": "2025-01-10T12:00:00Z", "name": "kube-controller-manager",
                       "namespace": "kube-system", "resourceVersion": "1000123",
                       "uid": "33333333-4444-4555-8666-777777777777"},
          "spec": {
            "acquireTime": "2025-03-02T08:00:00.000000Z",
            "holderIdentity": "cp-1_5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e",
            "leaseDurationSeconds": 15,
            "leaseTransitions": 7,
            "preferredHolder": "cp-2",
            "renewTime": "2025-03-02T08:31:07.123456Z",
            "strategy": "OldestEmulationVersion"
          }
        }
        """#

    static let event = #"""
        {
          "action": "Binding",
          "apiVersion": "v1",
          "count": 3,
          "eventTime": "2025-03-02T08:30:00.654321Z",
          "firstTimestamp": "2025-03-02T08:30:00Z",
          "involvedObject": {"apiVersion": "v1", "fieldPath": "spec.containers{web}", "kind": "Pod",
                             "name": "web-7c9d8f6b5d-x2x7q", "namespace": "shop", "resourceVersion": "123700",
                             "uid": "b5f0a1c2-3d4e-4f50-8a6b-7c8d9e0f1a2b"},
          "kind": "Event",
          "lastTimestamp": "2025-03-02T08:32:00Z",
          "message": "Successfully assigned shop/web-7c9d8f6b5d-x2x7q to node-1",
          "metadata": {"creationTimestamp": "2025-03-02T08:30:00Z", "name": "web-7c9d8f6b5d-x2x7q.182a1b2c3d4e5f60",
                       "namespace": "shop", "resourceVersion": "123701", "uid": "44444444-5555-4666-8777-888888888888"},
          "reason": "Scheduled",
          "related": {"apiVersion": "v1", "kind": "Node", "name": "node-1",
           "uid": "11111111-2222-4333-8444-555555555555"},
          "reportingComponent": "default-scheduler",
          "reportingInstance": "default-scheduler-cp-1",
          "series": {"count": 2, "lastObservedTime": "2025-03-02T08:32:00.000001Z"},
          "source": {"component": "default-scheduler", "host": "cp-1"},
          "type": "Normal"
        }
        """#

    static let configMap = #"""
        {
          "apiVersion": "v1",
          "binaryData": {
            "logo.png":
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="},
          "data": {"app.yaml": "port: 8080\nlog:\n  level: info\n", "empty": "", "unicode": "caf\u00e9 \u2713 <&>"},
          "immutable": true,
          "kind": "ConfigMap",
          "metadata": {"creationTimestamp": "2025-03-01T10:00:00Z", "labels": {"app": "web"}, "name": "web-config",
                       "namespace": "shop", "resourceVersion": "5001", "uid": "55555555-6666-4777-8888-999999999999"}
        }
        """#

    static let secret = #"""
        {
          "apiVersion": "v1",
          "data": {"password": "czNjcjN0IQ==", "username": "YWRtaW4="},
          "immutable": false,
          "kind": "Secret",
          "metadata": {"annotations": {"kubernetes.io/service-account.name": "web"}, "name": "db-secret",
                       "namespace": "shop", "resourceVersion": "5002", "uid": "66666666-7777-4888-8999-aaaaaaaaaaaa"},
          "type": "Opaque"
        }
        """#

    static let namespace = #"""
        {
          "apiVersion": "v1",
          "kind": "Namespace",
          "metadata": {"creationTimestamp": "2025-01-10T12:00:00Z",
                       "deletionTimestamp": "2025-03-02T09:00:00Z",
                       "labels": {"kubernetes.io/metadata.name": "shop", "team": "payments"},
                       "name": "shop", "resourceVersion": "77", "uid": "77777777-8888-4999-8aaa-bbbbbbbbbbbb"},
          "spec": {"finalizers": ["kubernetes"]},
          "status": {
            "conditions": [
              {"lastTransitionTime": "2025-03-02T09:00:05Z", "message": "All resources successfully discovered",
               "reason": "ResourcesDiscovered", "status": "False", "type": "NamespaceDeletionDiscoveryFailure"},
              {"lastTransitionTime": "2025-03-02T09:00:05Z",
               "message": "Some resources are remaining: pods. has 2 resource instances",
               "reason": "SomeResourcesRemain", "status": "True", "type": "NamespaceContentRemaining"}
            ],
            "phase": "Terminating"
          }
        }
        """#

    static let replicaSet = #"""
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "metadata": {
            "annotations": {"deployment.kubernetes.io/desired-replicas": "3",
             "deployment.kubernetes.io/max-replicas": "4",
                            "deployment.kubernetes.io/revision": "3"},
            "creationTimestamp": "2025-03-02T08:29:59Z",
            "generation": 2,
            "labels": {"app": "web", "pod-template-hash": "7c9d8f6b5d"},
            "name": "web-7c9d8f6b5d",
            "namespace": "shop",
            "ownerReferences": [
              {"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "Deployment",
               "name": "web",
               "uid": "0f9c3b1e-7c2a-4f1e-9d8b-1a2b3c4d5e6f"}
            ],
            "resourceVersion": "123800",
            "uid": "6a1e2d0c-51c4-4a55-8d6e-0c2f3b4a5d6e"
          },
          "spec": {
            "minReadySeconds": 5,
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7c9d8f6b5d"}},
            "template": {
              "metadata": {"labels": {"app": "web", "pod-template-hash": "7c9d8f6b5d"}},
              "spec": {
                "containers": [{"image": "nginx:1.27", "imagePullPolicy": "IfNotPresent", "name": "web",
                 "resources": {},
                                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}],
                "dnsPolicy": "ClusterFirst",
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {},
                "terminationGracePeriodSeconds": 30
              }
            }
          },
          "status": {
            "availableReplicas": 2,
            "conditions": [{"lastTransitionTime": "2025-03-02T08:30:10Z",
             "message": "pods \"web-7c9d8f6b5d-abcde\" is forbidden",
                            "reason": "FailedCreate", "status": "True", "type": "ReplicaFailure"}],
            "fullyLabeledReplicas": 3,
            "observedGeneration": 2,
            "readyReplicas": 2,
            "replicas": 3,
            "terminatingReplicas": 1
          }
        }
        """#

    static let serviceAccount = #"""
        {"apiVersion": "v1", "automountServiceAccountToken": false,
         "imagePullSecrets": [{"name": "registry-creds"}], "kind": "ServiceAccount",
         "metadata": {"name": "web", "namespace": "shop"},
         "secrets": [{"name": "web-token-abcde"}, {"kind": "Secret", "name": "legacy", "namespace": "shop"}]}
        """#

    static let binding = #"""
        {"apiVersion": "v1", "kind": "Binding",
         "metadata": {"name": "web-7c9d8f6b5d-x2x7q", "namespace": "shop",
          "uid": "b5f0a1c2-3d4e-4f50-8a6b-7c8d9e0f1a2b"},
         "target": {"apiVersion": "v1", "kind": "Node", "name": "node-1"}}
        """#

    static let scale = #"""
        {"apiVersion": "autoscaling/v1", "kind": "Scale",
         "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "123456"},
         "spec": {"replicas": 5},
         "status": {"replicas": 3, "selector": "app=web,tier in (frontend)"}}
        """#
}
