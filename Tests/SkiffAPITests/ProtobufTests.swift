import SkiffAPI
import Testing

/// A tiny protobuf writer for building test bodies by hand, field by field, as Go's marshaller would.
private struct PB {
    var data: [UInt8] = []

    init(_ build: (inout PB) -> Void = { _ in }) { build(&self) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            data.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        data.append(UInt8(rest))
    }

    mutating func tag(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    /// A varint field; negative values take ten bytes, as Go writes negative `int32`s.
    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    mutating func bool(_ field: Int, _ value: Bool) { int(field, value ? 1 : 0) }

    mutating func raw(_ field: Int, _ bytes: [UInt8]) {
        tag(field, 2)
        varint(UInt64(bytes.count))
        data.append(contentsOf: bytes)
    }

    mutating func string(_ field: Int, _ text: String) { raw(field, Array(text.utf8)) }

    mutating func message(_ field: Int, _ build: (inout PB) -> Void = { _ in }) { raw(field, PB(build).data) }

    /// A map entry `{key = 1, value = 2}`.
    mutating func entry(_ field: Int, _ key: String, _ value: String) {
        message(field) {
            $0.string(1, key)
            $0.string(2, value)
        }
    }

    /// A packed repeated varint field.
    mutating func packed(_ field: Int, _ values: [Int64]) {
        var inner = PB()
        for value in values { inner.varint(UInt64(bitPattern: value)) }
        raw(field, inner.data)
    }

    /// `ObjectMeta` as Go writes it: every non-pointer field, zero or not, and an empty creationTimestamp.
    mutating func meta(name: String, namespace: String = "", labels: [(String, String)] = []) {
        message(1) { meta in
            meta.string(1, name)
            meta.string(2, "")
            meta.string(3, namespace)
            meta.string(4, "")
            meta.string(5, "")
            meta.string(6, "")
            meta.int(7, 0)
            meta.message(8)
            for (key, value) in labels { meta.entry(11, key, value) }
        }
    }
}

/// A protobuf body: the magic bytes and a `runtime.Unknown` envelope around the object `build` writes.
private func body(
    _ apiVersion: String, _ kind: String, encoding: String = "", _ build: (inout PB) -> Void
) -> [UInt8] {
    KubernetesProtobuf.magic
        + PB { envelope in
            envelope.message(1) {
                $0.string(1, apiVersion)
                $0.string(2, kind)
            }
            envelope.raw(2, PB(build).data)
            envelope.string(3, encoding)
            envelope.string(4, "")
        }.data
}

/// A body that decodes, and the JSON it must decode to.
struct ProtobufCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: [UInt8]
    var expected: String

    var testDescription: String { name }
}

/// What `kubectl create namespace demo` sends.
private let namespaceBody = body("v1", "Namespace") {
    $0.meta(name: "demo")
    $0.message(2)
    $0.message(3) { $0.string(1, "") }
}

private let decodeCases: [ProtobufCase] = [
    ProtobufCase(
        name: "kubectl create namespace",
        body: namespaceBody,
        expected: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"},"spec":{},"status":{}}"#),
    ProtobufCase(
        name: "ConfigMap with data, binary data, managed fields and unknown fields",
        body: body("v1", "ConfigMap") {
            $0.message(1) { meta in
                meta.string(1, "app-config")
                meta.string(3, "default")
                meta.message(17) { entry in
                    entry.string(1, "kubectl-create")
                    entry.string(2, "Update")
                    entry.string(3, "v1")
                    entry.message(4) { $0.int(1, 1_795_762_800) }
                    entry.string(6, "FieldsV1")
                    entry.message(7) { $0.string(1, #"{"f:data":{".":{},"f:a":{}}}"#) }
                }
            }
            $0.entry(2, "a", "1")
            $0.entry(2, "b", "")
            $0.message(3) {
                $0.string(1, "bin")
                $0.raw(2, [0, 1, 2, 0xFF])
            }
            $0.int(99, 7)  // unknown fields are skipped, whatever their wire type
            $0.tag(98, 5)
            $0.data += [1, 2, 3, 4]
            $0.tag(97, 1)
            $0.data += [1, 2, 3, 4, 5, 6, 7, 8]
            $0.string(96, "ignored")
        },
        expected: #"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-config","namespace":"default",
            "managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1",
            "time":"2026-11-27T07:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}}}]},
            "data":{"a":"1","b":""},"binaryData":{"bin":"AAEC/w=="}}
            """#),
    ProtobufCase(
        name: "kubectl create secret generic",
        body: body("v1", "Secret") {
            $0.meta(name: "db", namespace: "default")
            $0.message(2) {
                $0.string(1, "password")
                $0.string(2, "s3cr3t")
            }
            $0.message(2) {
                $0.string(1, "empty")
                $0.raw(2, [])
            }
            $0.string(3, "Opaque")
            $0.bool(5, false)  // immutable is a *bool: a present false is kept
        },
        expected: #"""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},
            "data":{"password":"czNjcjN0","empty":""},"type":"Opaque","immutable":false}
            """#),
    ProtobufCase(
        name: "kubectl create serviceaccount",
        body: body("v1", "ServiceAccount") { $0.meta(name: "robot", namespace: "default") },
        expected: #"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot","namespace":"default"}}"#),
    ProtobufCase(
        name: "kubectl create deployment web --image=nginx --replicas=2 --port=80",
        body: body("apps/v1", "Deployment") {
            $0.meta(name: "web", labels: [("app", "web")])
            $0.message(2) { spec in
                spec.int(1, 2)
                spec.message(2) { $0.entry(1, "app", "web") }
                spec.message(3) { template in
                    template.meta(name: "", labels: [("app", "web")])
                    template.message(2) { pod in
                        pod.message(2) { container in
                            container.string(1, "nginx")
                            container.string(2, "nginx")
                            container.string(5, "")
                            container.message(6) { port in
                                port.string(1, "")
                                port.int(2, 0)
                                port.int(3, 80)
                                port.string(4, "")
                                port.string(5, "")
                            }
                            container.message(8)
                            container.string(13, "")
                            container.string(14, "")
                            container.bool(16, false)
                            container.bool(17, false)
                            container.bool(18, false)
                            container.string(20, "")
                        }
                        pod.string(3, "")
                        pod.string(6, "")
                        pod.bool(11, false)
                    }
                }
                spec.message(4) { $0.string(1, "") }
                spec.int(5, 0)
                spec.bool(7, false)
            }
            $0.message(3) { status in
                status.int(1, 0)
                status.int(2, 0)
                status.int(3, 0)
            }
        },
        expected: #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
            "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],"resources":{}}]}},
            "strategy":{}},"status":{}}
            """#),
    ProtobufCase(
        name: "kubectl create service clusterip with int and named target ports",
        body: body("v1", "Service") {
            $0.meta(name: "web", namespace: "default", labels: [("app", "web")])
            $0.message(2) { spec in
                spec.message(1) { port in
                    port.string(1, "80-8080")
                    port.string(2, "TCP")
                    port.int(3, 80)
                    port.message(4) {
                        $0.int(1, 0)
                        $0.int(2, 8080)
                        $0.string(3, "")
                    }
                    port.int(5, 0)
                }
                spec.message(1) { port in
                    port.string(1, "metrics")
                    port.int(3, 9090)
                    port.message(4) {
                        $0.int(1, 1)
                        $0.int(2, 0)
                        $0.string(3, "http-metrics")
                    }
                }
                spec.entry(2, "app", "web")
                spec.string(3, "")
                spec.string(4, "ClusterIP")
                spec.bool(13, false)
            }
            $0.message(3) { $0.message(1) }
        },
        expected: #"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
            "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},
            {"name":"metrics","port":9090,"targetPort":"http-metrics"}],"selector":{"app":"web"},"type":"ClusterIP"},
            "status":{"loadBalancer":{}}}
            """#),
    ProtobufCase(
        name: "Event with Time, zero Time and MicroTime",
        body: body("v1", "Event") {
            $0.meta(name: "e1", namespace: "default")
            $0.message(2) { ref in
                ref.string(1, "Pod")
                ref.string(2, "default")
                ref.string(3, "p")
            }
            $0.string(3, "Started")
            $0.message(5)
            $0.message(6) {
                $0.int(1, 1_795_762_800)
                $0.int(2, 999)  // Time keeps whole seconds
            }
            $0.message(7)  // the zero time: omitted
            $0.int(8, 1)
            $0.string(9, "Normal")
            $0.message(10) {
                $0.int(1, 1_735_787_045)
                $0.int(2, 123_456_789)
            }
        },
        expected: #"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"default"},
            "involvedObject":{"kind":"Pod","namespace":"default","name":"p"},"reason":"Started","source":{},
            "firstTimestamp":"2026-11-27T07:00:00Z","count":1,"type":"Normal","eventTime":"2025-01-02T03:04:05.123456Z"}
            """#),
    ProtobufCase(
        name: "Lease keeps present pointer zero values",
        body: body("coordination.k8s.io/v1", "Lease") {
            $0.meta(name: "node-1", namespace: "kube-node-lease")
            $0.message(2) { spec in
                spec.string(1, "node-1")
                spec.int(2, 40)
                spec.message(4) { $0.int(1, 1_795_762_800) }
                spec.int(5, 0)
            }
        },
        expected: #"""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1","namespace":"kube-node-lease"},
            "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"2026-11-27T07:00:00.000000Z",
            "leaseTransitions":0}}
            """#),
    ProtobufCase(
        name: "Pod with inline probe handler, volume source, key selector and ephemeral container",
        body: body("v1", "Pod") {
            $0.meta(name: "p", namespace: "default")
            $0.message(2) { spec in
                spec.message(1) { volume in
                    volume.string(1, "data")
                    volume.message(2) { source in
                        source.message(2) {
                            $0.string(1, "")
                            $0.message(2) { $0.string(1, "1Gi") }
                        }
                    }
                }
                spec.message(1) { volume in
                    volume.string(1, "cfg")
                    volume.message(2) { source in
                        source.message(19) {
                            $0.message(1) { $0.string(1, "cfg") }
                            $0.int(3, 420)
                        }
                    }
                }
                spec.message(2) { container in
                    container.string(1, "app")
                    container.string(2, "busybox")
                    container.message(7) { env in
                        env.string(1, "MODE")
                        env.string(2, "")
                        env.message(3) { source in
                            source.message(3) {
                                $0.message(1) { $0.string(1, "cfg") }
                                $0.string(2, "mode")
                                $0.bool(3, false)
                            }
                        }
                    }
                    container.message(10) { probe in
                        probe.message(1) { handler in
                            handler.message(2) { get in
                                get.string(1, "/healthz")
                                get.message(2) {
                                    $0.int(1, 1)
                                    $0.string(3, "http")
                                }
                            }
                        }
                        probe.int(2, 3)
                        probe.int(4, 0)
                    }
                    container.message(12) { lifecycle in
                        lifecycle.message(2) { $0.message(4) { $0.int(1, 0) } }
                    }
                    container.message(15) { security in
                        security.bool(2, false)
                        security.int(4, 0)
                    }
                }
                spec.int(4, 0)
                spec.bool(11, false)
                spec.message(14) { $0.packed(4, [1000, 2000]) }
                spec.message(22) { toleration in
                    toleration.string(1, "k")
                    toleration.string(2, "Exists")
                    toleration.string(4, "NoSchedule")
                    toleration.int(5, 300)
                }
                spec.int(25, -5)
                spec.message(34) { ephemeral in
                    ephemeral.message(1) {
                        $0.string(1, "debug")
                        $0.string(2, "busybox")
                    }
                    ephemeral.string(2, "app")
                }
            }
            $0.message(3)
        },
        expected: #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{
            "volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}},{"name":"cfg","configMap":{"name":"cfg","defaultMode":420}}],
            "containers":[{"name":"app","image":"busybox",
            "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"mode","optional":false}}}],
            "livenessProbe":{"httpGet":{"path":"/healthz","port":"http"},"initialDelaySeconds":3},
            "lifecycle":{"preStop":{"sleep":{"seconds":0}}},"securityContext":{"privileged":false,"runAsUser":0}}],
            "terminationGracePeriodSeconds":0,"securityContext":{"supplementalGroups":[1000,2000]},
            "tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":300}],"priority":-5,
            "ephemeralContainers":[{"name":"debug","image":"busybox","targetContainerName":"app"}]},"status":{}}
            """#),
    ProtobufCase(
        name: "Node status with quantities, unpacked repeated scalars and the capitalized Port",
        body: body("v1", "Node") {
            $0.meta(name: "node-1")
            $0.message(2) { $0.bool(4, true) }
            $0.message(3) { status in
                status.message(1) {
                    $0.string(1, "cpu")
                    $0.message(2) { $0.string(1, "4") }
                }
                status.message(1) {
                    $0.string(1, "memory")
                    $0.message(2) { $0.string(1, "8Gi") }
                }
                status.message(6) { $0.message(1) { $0.int(1, 10250) } }
                status.string(9, "vol-a")
                status.string(9, "vol-b")
            }
        },
        expected: #"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},"spec":{"unschedulable":true},
            "status":{"capacity":{"cpu":"4","memory":"8Gi"},"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},
            "volumesInUse":["vol-a","vol-b"]}}
            """#),
    ProtobufCase(
        name: "Scale keeps replicas 0",
        body: body("autoscaling/v1", "Scale") {
            $0.meta(name: "web", namespace: "default")
            $0.message(2) { $0.int(1, 0) }
            $0.message(3) {
                $0.int(1, 3)
                $0.string(2, "")
            }
        },
        expected: #"""
            {"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web","namespace":"default"},
            "spec":{"replicas":0},"status":{"replicas":3}}
            """#),
    ProtobufCase(
        name: "DeleteOptions in any group version",
        body: body("meta.k8s.io/v1", "DeleteOptions") {
            $0.int(1, 0)
            $0.message(2) { $0.string(1, "abc") }
            $0.string(4, "Foreground")
            $0.string(5, "All")
        },
        expected: #"""
            {"apiVersion":"meta.k8s.io/v1","kind":"DeleteOptions","gracePeriodSeconds":0,"preconditions":{"uid":"abc"},
            "propagationPolicy":"Foreground","dryRun":["All"]}
            """#),
]

/// A body that does not decode, and the error code it must give.
struct ProtobufErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: [UInt8]
    var code: ProtobufDecodeError.Code

    var testDescription: String { name }
}

private let errorCases: [ProtobufErrorCase] = [
    ProtobufErrorCase(name: "truncated body", body: Array(namespaceBody.dropLast()), code: .malformed),
    ProtobufErrorCase(name: "truncated inside the envelope", body: Array(namespaceBody.prefix(12)), code: .malformed),
    ProtobufErrorCase(
        name: "truncated varint",
        body: body("v1", "ConfigMap") { $0.data += [0x98, 0x06, 0xFF] },
        code: .malformed),
    ProtobufErrorCase(name: "JSON, not protobuf", body: Array(#"{"kind":"Namespace"}"#.utf8), code: .notProtobuf),
    ProtobufErrorCase(name: "shorter than the magic", body: [0x6B, 0x38], code: .notProtobuf),
    ProtobufErrorCase(name: "empty body", body: [], code: .notProtobuf),
    ProtobufErrorCase(
        name: "unknown kind",
        body: body("apps/v1", "StatefulSet") { $0.meta(name: "db") },
        code: .unknownKind),
    ProtobufErrorCase(
        name: "kind in the wrong group version",
        body: body("v1", "Deployment") { $0.meta(name: "web") },
        code: .unknownKind),
    ProtobufErrorCase(
        name: "envelope without a kind", body: KubernetesProtobuf.magic + [0x12, 0x00], code: .malformed),
    ProtobufErrorCase(
        name: "wrong wire type for a message field",
        body: body("v1", "ConfigMap") { $0.int(1, 5) },
        code: .malformed),
    ProtobufErrorCase(
        name: "invalid JSON in fieldsV1",
        body: body("v1", "ConfigMap") {
            $0.message(1) { meta in
                meta.message(17) { entry in entry.message(7) { $0.string(1, "{not json") } }
            }
        },
        code: .malformed),
    ProtobufErrorCase(
        name: "compressed content",
        body: body("v1", "Namespace", encoding: "gzip") { $0.meta(name: "demo") },
        code: .malformed),
    ProtobufErrorCase(
        name: "field number zero",
        body: body("v1", "Namespace") { $0.data += [0x00, 0x00] },
        code: .malformed),
]

@Suite struct ProtobufTests {
    @Test(arguments: decodeCases)
    func decodes(_ testCase: ProtobufCase) throws {
        let decoded = try KubernetesProtobuf.decode(testCase.body)
        let expected = try JSONParser.parse(testCase.expected.replacingNewlines())
        #expect(decoded.serializedString() == expected.serializedString(), "\(testCase.name)")
    }

    @Test(arguments: errorCases)
    func rejects(_ testCase: ProtobufErrorCase) {
        #expect {
            _ = try KubernetesProtobuf.decode(testCase.body)
        } throws: { error in
            (error as? ProtobufDecodeError)?.code == testCase.code
        }
    }

    @Test func recognizesTheMediaType() {
        #expect(KubernetesProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf"))
        #expect(KubernetesProtobuf.isProtobuf(contentType: "Application/VND.Kubernetes.Protobuf; charset=utf-8"))
        #expect(!KubernetesProtobuf.isProtobuf(contentType: "application/json"))
        #expect(KubernetesProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf;stream=watch"))
    }

    @Test func knowsItsKinds() {
        #expect(KubernetesProtobuf.supports(apiVersion: "apps/v1", kind: "Deployment"))
        #expect(KubernetesProtobuf.supports(apiVersion: "v1", kind: "Namespace"))
        #expect(KubernetesProtobuf.supports(apiVersion: "apps/v1", kind: "DeleteOptions"))
        #expect(!KubernetesProtobuf.supports(apiVersion: "apps/v1", kind: "StatefulSet"))
    }
}

extension String {
    /// The text with its line breaks removed, so expected JSON can be wrapped.
    fileprivate func replacingNewlines() -> String { split(separator: "\n").joined() }
}
