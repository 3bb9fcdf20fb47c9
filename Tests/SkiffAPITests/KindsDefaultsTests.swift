import Foundation
import SkiffAPI
import Testing

/// A kind's JSON before and after `applyDefaults()`.
struct DefaultsCase: Sendable, CustomTestStringConvertible {
    let manifest: KindsManifest
    let expected: String

    var testDescription: String { manifest.name }

    init<Kind: APIObject & Defaulting>(_ name: String, _ kind: Kind.Type, _ input: String, _ expected: String) {
        manifest = KindsManifest(name, kind, input)
        self.expected = expected
    }

    static let all: [DefaultsCase] = [
        DefaultsCase(
            "minimal Pod", Pod.self,
            #"""
            {"metadata": {"name": "p"},
             "spec": {"containers": [{"env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                                      "image": "nginx", "lifecycle": {"preStop": {"httpGet": {"port": 80}}},
                                      "livenessProbe": {"httpGet": {"port": 80}}, "name": "c",
                                      "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}],
                                      "readinessProbe": {"grpc": {"port": 9000}, "periodSeconds": 3},
                                      "resources": {"limits": {"cpu": "1"}, "requests": {"memory": "1Gi"}}}],
                      "ephemeralContainers": [{"image": "busybox:1.36", "name": "debug"}],
                      "initContainers": [{"image": "busybox", "imagePullPolicy": "Never", "name": "init",
                                          "resources": {"limits": {"memory": "64Mi"}}}],
                      "volumes": [{"name": "scratch"}, {"name": "s", "secret": {"secretName": "x"}},
                                  {"hostPath": {"path": "/var/log"}, "name": "h"}, {"name": "n", "nfs": {"path": "/"}},
                                  {"name": "p",
                                   "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}}]}}
            """#,
            #"""
            {"metadata": {"name": "p"},
             "spec": {"containers": [{"env": [{"name": "N", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                                       "fieldPath": "metadata.name"}}}],
                                      "image": "nginx", "imagePullPolicy": "Always",
                                      "lifecycle": {"preStop": {"httpGet": {"path": "/", "port": 80,
                                       "scheme": "HTTP"}}},
                                      "livenessProbe": {"failureThreshold": 3,
                                                        "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
                                                        "periodSeconds": 10, "successThreshold": 1,
                                                         "timeoutSeconds": 1},
                                      "name": "c",
                                      "ports": [{"containerPort": 80, "protocol": "TCP"},
                                                {"containerPort": 53, "protocol": "UDP"}],
                                      "readinessProbe": {"failureThreshold": 3, "grpc": {"port": 9000, "service": ""},
                                                         "periodSeconds": 3, "successThreshold": 1,
                                                          "timeoutSeconds": 1},
                                      "resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "1", "memory": "1Gi"}},
                                      "terminationMessagePath": "/dev/termination-log",
                                      "terminationMessagePolicy": "File"}],
                      "dnsPolicy": "ClusterFirst",
                      "enableServiceLinks": true,
                      "ephemeralContainers": [{"image": "busybox:1.36", "imagePullPolicy": "IfNotPresent",
                       "name": "debug",
                                               "terminationMessagePath": "/dev/termination-log",
                                               "terminationMessagePolicy": "File"}],
                      "initContainers": [{"image": "busybox", "imagePullPolicy": "Never", "name": "init",
                                          "resources": {"limits": {"memory": "64Mi"}, "requests": {"memory": "64Mi"}},
                                          "terminationMessagePath": "/dev/termination-log",
                                          "terminationMessagePolicy": "File"}],
                      "priority": 0,
                      "restartPolicy": "Always",
                      "schedulerName": "default-scheduler",
                      "securityContext": {},
                      "terminationGracePeriodSeconds": 30,
                      "volumes": [{"emptyDir": {}, "name": "scratch"},
                                  {"name": "s", "secret": {"defaultMode": 420, "secretName": "x"}},
                                  {"hostPath": {"path": "/var/log", "type": ""}, "name": "h"},
                                  {"name": "n", "nfs": {"path": "/"}},
                                  {"name": "p", "projected": {"defaultMode": 420, "sources": [
                                    {"serviceAccountToken": {"expirationSeconds": 3600, "path": "token"}}]}}]}}
            """#),
        DefaultsCase(
            "host-network Pod with a built-in priority class", Pod.self,
            #"""
            {"metadata": {},
             "spec": {"containers": [{"image": "etcd:3.5", "imagePullPolicy": "IfNotPresent", "name": "etcd",
                                      "ports": [{"containerPort": 2379, "protocol": "TCP"},
                                                {"containerPort": 2380, "hostPort": 12380, "protocol": "TCP"}],
                                      "terminationMessagePath": "/dev/termination-log",
                                      "terminationMessagePolicy": "FallbackToLogsOnError"}],
                      "dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": true,
                      "priorityClassName": "system-node-critical", "restartPolicy": "Never",
                      "schedulerName": "other", "securityContext": {"runAsUser": 0},
                      "terminationGracePeriodSeconds": 0}}
            """#,
            #"""
            {"metadata": {},
             "spec": {"containers": [{"image": "etcd:3.5", "imagePullPolicy": "IfNotPresent", "name": "etcd",
                                      "ports": [{"containerPort": 2379, "hostPort": 2379, "protocol": "TCP"},
                                                {"containerPort": 2380, "hostPort": 12380, "protocol": "TCP"}],
                                      "terminationMessagePath": "/dev/termination-log",
                                      "terminationMessagePolicy": "FallbackToLogsOnError"}],
                      "dnsPolicy": "ClusterFirstWithHostNet", "enableServiceLinks": true, "hostNetwork": true,
                      "priority": 2000001000, "priorityClassName": "system-node-critical", "restartPolicy": "Never",
                      "schedulerName": "other", "securityContext": {"runAsUser": 0},
                      "terminationGracePeriodSeconds": 0}}
            """#),
        DefaultsCase(
            "Pod with a PriorityClass to resolve at admission", Pod.self,
            #"{"metadata": {}, "spec": {"enableServiceLinks": false, "priorityClassName": "high"}}"#,
            #"""
            {"metadata": {}, "spec": {"dnsPolicy": "ClusterFirst", "enableServiceLinks": false,
                                      "priorityClassName": "high", "restartPolicy": "Always",
                                      "schedulerName": "default-scheduler", "securityContext": {},
                                      "terminationGracePeriodSeconds": 30}}
            """#),
        DefaultsCase(
            "minimal Deployment", Deployment.self,
            #"""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
             "spec": {"selector": {"matchLabels": {"app": "a"}},
                      "template": {"metadata": {"labels": {"app": "a"}},
                                   "spec": {"containers": [{"image": "nginx:1.27", "name": "c",
                                                            "resources": {"limits": {"cpu": "1"}}}]}}}}
            """#,
            #"""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
             "spec": {"progressDeadlineSeconds": 600, "replicas": 1, "revisionHistoryLimit": 10,
                      "selector": {"matchLabels": {"app": "a"}},
                      "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                                   "type": "RollingUpdate"},
                      "template": {"metadata": {"labels": {"app": "a"}},
                                   "spec": {"containers": [{"image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
                                                            "name": "c", "resources": {"limits": {"cpu": "1"}},
                                                            "terminationMessagePath": "/dev/termination-log",
                                                            "terminationMessagePolicy": "File"}],
                                            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always",
                                            "schedulerName": "default-scheduler", "securityContext": {},
                                            "terminationGracePeriodSeconds": 30}}}}
            """#),
        DefaultsCase(
            "Recreate Deployment with replicas 0", Deployment.self,
            #"""
            {"metadata": {}, "spec": {"paused": true, "replicas": 0, "revisionHistoryLimit": 0,
                                      "strategy": {"type": "Recreate"}}}
            """#,
            #"""
            {"metadata": {}, "spec": {"paused": true, "progressDeadlineSeconds": 600, "replicas": 0,
                                      "revisionHistoryLimit": 0, "strategy": {"type": "Recreate"}}}
            """#),
        DefaultsCase(
            "Deployment with a partial rolling update", Deployment.self,
            #"{"metadata": {}, "spec": {"replicas": 2, "strategy": {"rollingUpdate": {"maxSurge": 0}}}}"#,
            #"""
            {"metadata": {}, "spec": {"progressDeadlineSeconds": 600, "replicas": 2, "revisionHistoryLimit": 10,
                                      "strategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": "25%"},
                                                   "type": "RollingUpdate"}}}
            """#),
        DefaultsCase(
            "minimal ReplicaSet", ReplicaSet.self,
            #"{"metadata": {}, "spec": {"template": {"spec": {"containers": [{"image": "a:latest", "name": "a"}]}}}}"#,
            #"""
            {"metadata": {},
             "spec": {"replicas": 1,
                      "template": {"spec": {"containers": [{"image": "a:latest", "imagePullPolicy": "Always",
                       "name": "a",
                                                            "terminationMessagePath": "/dev/termination-log",
                                                            "terminationMessagePolicy": "File"}],
                                            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always",
                                            "schedulerName": "default-scheduler", "securityContext": {},
                                            "terminationGracePeriodSeconds": 30}}}}
            """#),
        DefaultsCase(
            "ClusterIP Service", Service.self,
            #"""
            {"metadata": {}, "spec": {"ports": [{"port": 80}, {"port": 443, "targetPort": "https"},
                                                {"port": 53, "protocol": "UDP", "targetPort": 0}],
                                      "selector": {"app": "a"}}}
            """#,
            #"""
            {"metadata": {},
             "spec": {"internalTrafficPolicy": "Cluster", "ipFamilyPolicy": "SingleStack",
                      "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80},
                                {"port": 443, "protocol": "TCP", "targetPort": "https"},
                                {"port": 53, "protocol": "UDP", "targetPort": 53}],
                      "selector": {"app": "a"}, "sessionAffinity": "None", "type": "ClusterIP"}}
            """#),
        DefaultsCase(
            "LoadBalancer Service with client-IP affinity", Service.self,
            #"""
            {"metadata": {}, "spec": {"ports": [{"port": 80}], "sessionAffinity": "ClientIP", "type": "LoadBalancer"},
             "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.7"}, {"hostname": "lb.example.com"}]}}}
            """#,
            #"""
            {"metadata": {},
             "spec": {"allocateLoadBalancerNodePorts": true, "externalTrafficPolicy": "Cluster",
                      "internalTrafficPolicy": "Cluster", "ipFamilyPolicy": "SingleStack",
                      "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}], "sessionAffinity": "ClientIP",
                      "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}}, "type": "LoadBalancer"},
             "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.7", "ipMode": "VIP"},
                                                     {"hostname": "lb.example.com"}]}}}
            """#),
        DefaultsCase(
            "headless Service without a selector", Service.self,
            #"{"metadata": {}, "spec": {"clusterIP": "None", "type": "NodePort", "externalTrafficPolicy": "Local"}}"#,
            #"""
            {"metadata": {},
             "spec": {"clusterIP": "None", "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Cluster",
                      "ipFamilyPolicy": "RequireDualStack", "sessionAffinity": "None", "type": "NodePort"}}
            """#),
        DefaultsCase(
            "ExternalName Service", Service.self,
            #"{"metadata": {}, "spec": {"externalName": "db.example.com", "type": "ExternalName"}}"#,
            #"""
            {"metadata": {}, "spec": {"externalName": "db.example.com", "sessionAffinity": "None",
                                      "type": "ExternalName"}}
            """#),
        DefaultsCase(
            "new Namespace", Namespace.self,
            #"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}"#,
            #"""
            {"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"labels": {"kubernetes.io/metadata.name": "shop"}, "name": "shop"},
             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
            """#),
        DefaultsCase(
            "terminating Namespace whose finalizer was removed", Namespace.self,
            #"""
            {"metadata": {"labels": {"kubernetes.io/metadata.name": "wrong"}, "name": "shop"},
             "status": {"phase": "Terminating"}}
            """#,
            #"""
            {"metadata": {"labels": {"kubernetes.io/metadata.name": "shop"}, "name": "shop"},
             "status": {"phase": "Terminating"}}
            """#),
        DefaultsCase(
            "Secret", Secret.self, #"{"metadata": {}, "data": {"a": "Yg=="}}"#,
            #"{"metadata": {}, "data": {"a": "Yg=="}, "type": "Opaque"}"#),
        DefaultsCase(
            "typed Secret", Secret.self, #"{"metadata": {}, "type": "kubernetes.io/tls"}"#,
            #"{"metadata": {}, "type": "kubernetes.io/tls"}"#),
        DefaultsCase(
            "Node", Node.self, #"{"metadata": {}, "status": {"capacity": {"cpu": "4", "pods": "110"}}}"#,
            #"""
            {"metadata": {},
             "status": {"allocatable": {"cpu": "4", "pods": "110"}, "capacity": {"cpu": "4", "pods": "110"}}}
            """#),
        DefaultsCase(
            "ConfigMap", ConfigMap.self, #"{"metadata": {}, "data": {}}"#, #"{"metadata": {}, "data": {}}"#),
        DefaultsCase(
            "Event", Event.self, #"{"metadata": {}, "count": 0}"#, #"{"metadata": {}, "count": 0}"#),
    ]
}

@Suite struct KindsDefaultsTests {
    @Test(arguments: DefaultsCase.all)
    func defaults(testCase: DefaultsCase) throws {
        let manifest = testCase.manifest
        let defaulted = try JSONParser.parse(try manifest.reencode(Data(manifest.json.utf8), true))
        let expected = try JSONParser.parse(testCase.expected)
        #expect(KindsJSON.differences(expected, defaulted) == [])
        #expect(defaulted == expected)
        // Defaulting twice changes nothing more.
        let twice = try JSONParser.parse(try manifest.reencode(defaulted.serializedData(), true))
        #expect(twice == defaulted)
    }

    @Test(arguments: [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("docker.io/library/nginx", "Always"),
        ("localhost:5000/nginx", "Always"),
        ("nginx:1.27", "IfNotPresent"),
        ("localhost:5000/team/nginx:1.27", "IfNotPresent"),
        ("nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a", "IfNotPresent"),
        ("nginx:latest@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a", "Always"),
        ("nginx:1.27@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a", "IfNotPresent"),
        ("", "IfNotPresent"),
    ])
    func imagePullPolicyFollowsTheTag(image: String, policy: String) {
        var container = Container(name: "c", image: image)
        container.applyDefaults()
        #expect(container.imagePullPolicy == policy)
    }

    @Test func anImagePullPolicyThatIsSetIsKept() {
        var container = Container(name: "c", image: "nginx")
        container.imagePullPolicy = "Never"
        container.applyDefaults()
        #expect(container.imagePullPolicy == "Never")
        var noImage = Container(name: "c")
        noImage.applyDefaults()
        #expect(noImage.imagePullPolicy == "IfNotPresent")
    }
}
