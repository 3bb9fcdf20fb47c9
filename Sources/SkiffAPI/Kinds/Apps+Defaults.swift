// kube-apiserver's defaults for apps/v1 kinds (`pkg/apis/apps/v1/defaults.go`).

extension Deployment: Defaulting {
    /// `replicas: 1`, a `RollingUpdate` strategy with `maxUnavailable` and `maxSurge` of `25%`,
    /// `revisionHistoryLimit: 10`, `progressDeadlineSeconds: 600`, and the pod template's defaults.
    public mutating func applyDefaults() {
        var spec = self.spec ?? DeploymentSpec()
        if spec.replicas == nil { spec.replicas = 1 }
        var strategy = spec.strategy ?? DeploymentStrategy()
        if strategy.type?.isEmpty ?? true { strategy.type = "RollingUpdate" }
        if strategy.type == "RollingUpdate" {
            var rollingUpdate = strategy.rollingUpdate ?? RollingUpdateDeployment()
            if rollingUpdate.maxUnavailable == nil { rollingUpdate.maxUnavailable = .string("25%") }
            if rollingUpdate.maxSurge == nil { rollingUpdate.maxSurge = .string("25%") }
            strategy.rollingUpdate = rollingUpdate
        }
        spec.strategy = strategy
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        if spec.progressDeadlineSeconds == nil { spec.progressDeadlineSeconds = 600 }
        spec.template?.applyDefaults()
        self.spec = spec
    }
}

extension ReplicaSet: Defaulting {
    /// `replicas: 1` and the pod template's defaults.
    public mutating func applyDefaults() {
        var spec = self.spec ?? ReplicaSetSpec()
        if spec.replicas == nil { spec.replicas = 1 }
        spec.template?.applyDefaults()
        self.spec = spec
    }
}
