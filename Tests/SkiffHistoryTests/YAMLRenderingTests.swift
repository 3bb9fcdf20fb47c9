import SkiffAPI
import Testing

@testable import SkiffHistory

@Suite("YAMLRendering")
struct YAMLRenderingTests {
    @Test func rendersANestedObjectAsKubectlDoes() {
        let value: JSONValue = [
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": ["name": "settings", "labels": ["app.kubernetes.io/name": "web", "tier": "frontend"]],
            "data": [
                "replicas": "3", "enabled": "true", "empty": "", "nothing": "null", "plain": "hello world",
                "version": "1.10", "script": "echo hi\necho bye\n", "colon": "a: b", "hash": "#1",
            ],
            "spec": [
                "ports": [["port": 80, "protocol": "TCP"], ["port": 443, "protocol": "TCP"]],
                "ratio": 0.5, "flag": false, "none": .null, "list": [], "map": [:], "nested": [[1, 2], ["x"]],
            ],
        ]
        #expect(
            YAMLRendering.render(value) == """
                apiVersion: v1
                data:
                  colon: 'a: b'
                  empty: ""
                  enabled: "true"
                  hash: '#1'
                  nothing: "null"
                  plain: hello world
                  replicas: "3"
                  script: |
                    echo hi
                    echo bye
                  version: "1.10"
                kind: ConfigMap
                metadata:
                  labels:
                    app.kubernetes.io/name: web
                    tier: frontend
                  name: settings
                spec:
                  flag: false
                  list: []
                  map: {}
                  nested:
                  - - 1
                    - 2
                  - - x
                  none: null
                  ports:
                  - port: 80
                    protocol: TCP
                  - port: 443
                    protocol: TCP
                  ratio: 0.5

                """)
    }

    @Test(arguments: [
        (JSONValue.string("café ☕"), "café ☕\n"),
        (.int(-7), "-7\n"),
        (.double(1e300), "1e+300\n"),
        (.null, "null\n"),
        (.bool(true), "true\n"),
        (.array([]), "[]\n"),
        (.object(["true": "yes", "3": "three"]), "\"3\": three\n\"true\": \"yes\"\n"),
    ])
    func rendersScalarsAndQuotedKeys(_ value: JSONValue, _ expected: String) {
        #expect(YAMLRendering.render(value) == expected)
    }

    @Test(arguments: [
        ("true", true), ("False", true), ("yes", true), ("off", true), ("y", true), ("N", true), ("3", true),
        ("-1.5", true), ("1e3", true), ("0x1F", true), ("0777", true), ("1_000", true), (".inf", true),
        ("~", true), ("null", true), ("NULL", true), ("", true), ("2024-05-01", true), ("<<", true),
        ("web", false), ("nginx:1.25", false), ("hello world", false), ("truely", false), ("v1", false),
        ("/registry/pods/default/web-1", false),
    ])
    func knowsWhichStringsNeedQuotes(_ string: String, _ needsQuotes: Bool) {
        #expect(YAMLRendering.needsQuotes(string) == needsQuotes)
    }
}
