import SkiffAPI

/// Two revisions of a Deployment: scaled from 3 to 5 replicas and moved from nginx 1.25 to 1.26.
enum Fixtures {
    static let deploymentBefore: JSONValue = [
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": [
            "name": "web", "namespace": "default", "generation": 1, "resourceVersion": "41",
            "labels": ["app": "web"],
        ],
        "spec": [
            "replicas": 3,
            "selector": ["matchLabels": ["app": "web"]],
            "template": [
                "metadata": ["labels": ["app": "web"]],
                "spec": [
                    "containers": [["name": "nginx", "image": "nginx:1.25", "ports": [["containerPort": 80]]]]
                ],
            ],
        ],
    ]

    static var deploymentAfter: JSONValue {
        var value = deploymentBefore
        value[path: ["metadata", "generation"]] = 2
        value[path: ["metadata", "resourceVersion"]] = "57"
        value[path: ["spec", "replicas"]] = 5
        value[path: ["spec", "template", "spec", "containers"]] = [
            ["name": "nginx", "image": "nginx:1.26", "ports": [["containerPort": 80]]]
        ]
        return value
    }
}
