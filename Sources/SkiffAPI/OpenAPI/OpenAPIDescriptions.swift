/// The descriptions `kubectl explain` shows: of messages, by name, and of fields, by `Message.field`.
/// Fields without one show `<no description>`; the top-level `metadata`, `spec` and `status` of every kind
/// get one from ``topLevel(field:kind:)``.
enum OpenAPIDescriptions {
    /// The description of the message named `name`.
    static func message(_ name: String) -> String? { messages[name] }

    /// The description of the field `field` declared by the message named `message`.
    static func field(_ message: String, _ field: String) -> String? { fields["\(message).\(field)"] }

    /// The description of a top-level field of a kind: `metadata`, `spec` or `status`.
    static func topLevel(field: String, kind: String) -> String? {
        let conventions = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
        switch field {
        case "metadata": return "Standard object's metadata. More info: \(conventions)#metadata"
        case "spec":
            return "The desired state of the \(kind), set by its users. More info: \(conventions)#spec-and-status"
        case "status":
            return "The most recently observed state of the \(kind), written by the system; it may lag behind. "
                + "Read-only. More info: \(conventions)#spec-and-status"
        default: return nil
        }
    }

    private static let messages: [String: String] = [
        "Deployment": "Declarative updates of Pods through ReplicaSets.",
        "DeploymentSpec": "The desired state of a Deployment.",
        "DeploymentStatus": "The most recently observed state of a Deployment.",
        "DeploymentStrategy": "How a Deployment replaces its Pods with new ones.",
        "DeploymentCondition": "One aspect of a Deployment's state at a point in time.",
        "RollingUpdateDeployment": "How a rolling update proceeds.",
        "RollbackConfig": "The revision a Deployment rolls back to.",
        "ReplicaSet": "Keeps a number of identical Pods running.",
        "ReplicaSetSpec": "The desired state of a ReplicaSet.",
        "ReplicaSetStatus": "The most recently observed state of a ReplicaSet.",
        "Pod": "A group of containers that run together on one node.",
        "PodSpec": "The desired state of a Pod: its containers, volumes and scheduling.",
        "PodStatus": "The most recently observed state of a Pod. It may lag behind the Pod's actual state.",
        "PodTemplateSpec": "What the Pods a controller creates look like.",
        "Container": "One application container of a Pod.",
        "ContainerPort": "A network port a container listens on.",
        "EnvVar": "An environment variable of a container.",
        "EnvVarSource": "Where an environment variable's value comes from.",
        "ResourceRequirements": "The compute resources a container requests and is limited to.",
        "VolumeMount": "Where a volume is mounted in a container.",
        "Volume": "A named volume of a Pod that its containers can mount.",
        "Probe": "A check of a container's health; the result decides whether it is alive, ready or started.",
        "SecurityContext": "Security options of a container; they override the Pod's.",
        "PodSecurityContext": "Security options of all the containers of a Pod.",
        "Affinity": "The scheduling constraints of a Pod.",
        "Toleration": "A taint the Pod tolerates.",
        "Namespace": "A scope for names; objects in different namespaces may share a name.",
        "ConfigMap": "Configuration data for Pods to consume.",
        "Secret": "Sensitive data such as passwords, tokens or keys.",
        "ServiceAccount": "An identity for the processes that run in a Pod.",
        "Service": "A named abstraction of a set of Pods, reachable on stable addresses and ports.",
        "ServiceSpec": "The desired state of a Service.",
        "ServicePort": "One port a Service exposes.",
        "Event": "A report of something that happened in the cluster.",
        "Node": "A worker machine.",
        "Binding": "Binds an object to another, such as a Pod to a node.",
        "Lease": "A lease on a resource, for leader election and heartbeats.",
        "LeaseSpec": "Who holds a Lease and for how long.",
        "Scale": "A request to scale a resource, and the resource's current scale.",
        "ScaleSpec": "The desired scale.",
        "ScaleStatus": "The current scale.",
        "ObjectMeta": "The metadata every persisted object has.",
        "ListMeta": "The metadata of a list.",
        "LabelSelector": .init(
            "A query over labels: the terms of matchLabels and matchExpressions are ANDed. An empty selector "
                + "matches every object; a null one matches none."),
        "LabelSelectorRequirement": "A label key, an operator and values.",
        "OwnerReference": "An object this object depends on; it is garbage collected when all its owners are gone.",
        "ManagedFieldsEntry": "The fields a manager set, and how.",
        "DeleteOptions": "Options of a deletion.",
        "Preconditions": "What must hold for an operation to proceed.",
        "Condition": "One aspect of an object's state at a point in time.",
        "ObjectReference": "A reference to an object.",
        "LocalObjectReference": "A reference to an object by name in the same namespace.",
    ]

    private static let fields: [String: String] = [
        // apps/v1
        "DeploymentSpec.replicas": "The number of desired Pods. Defaults to 1.",
        "DeploymentSpec.selector": .init(
            "The label selector of the Pods the Deployment manages; it must match the labels of the Pod "
                + "template. Cannot be changed in apps/v1."),
        "DeploymentSpec.template": "The template of the Pods the Deployment creates.",
        "DeploymentSpec.strategy": "How existing Pods are replaced with new ones.",
        "DeploymentSpec.minReadySeconds": .init(
            "How many seconds a new Pod must be ready, without any container crashing, to count as available. "
                + "Defaults to 0."),
        "DeploymentSpec.revisionHistoryLimit": "How many old ReplicaSets to keep for rollbacks. Defaults to 10.",
        "DeploymentSpec.paused": "Whether the Deployment is paused: changes to its template do not roll out.",
        "DeploymentSpec.progressDeadlineSeconds": .init(
            "How many seconds a rollout may make no progress before it is reported as failed. Defaults to 600."),
        "DeploymentSpec.rollbackTo": "Deprecated: the revision to roll back to.",
        "RollbackConfig.revision": "The revision to roll back to; 0 means the last one.",
        "DeploymentStrategy.type": "`Recreate` or `RollingUpdate` (the default).",
        "DeploymentStrategy.rollingUpdate": "The rolling update parameters, when type is RollingUpdate.",
        "RollingUpdateDeployment.maxUnavailable": .init(
            "How many Pods may be unavailable during the update: a number or a percentage of the desired Pods "
                + "(rounded down). Defaults to 25%."),
        "RollingUpdateDeployment.maxSurge": .init(
            "How many Pods may be created above the desired number: a number or a percentage of the desired "
                + "Pods (rounded up). Defaults to 25%."),
        "DeploymentStatus.observedGeneration": "The generation the controller last acted on.",
        "DeploymentStatus.replicas": "The number of Pods the Deployment targets.",
        "DeploymentStatus.updatedReplicas": "The number of Pods with the current template.",
        "DeploymentStatus.readyReplicas": "The number of ready Pods.",
        "DeploymentStatus.availableReplicas": "The number of Pods available for at least minReadySeconds.",
        "DeploymentStatus.unavailableReplicas": "The number of Pods still needed for full availability.",
        "DeploymentStatus.conditions": "The latest observations of the Deployment's state.",
        "DeploymentStatus.collisionCount": "How many times template hashes collided.",
        "ReplicaSetSpec.replicas": "The number of desired Pods. Defaults to 1.",
        "ReplicaSetSpec.minReadySeconds": "How many seconds a new Pod must be ready to count as available.",
        "ReplicaSetSpec.selector": "The label selector of the Pods the ReplicaSet manages.",
        "ReplicaSetSpec.template": "The template of the Pods the ReplicaSet creates.",
        // core/v1 Pod
        "PodTemplateSpec.metadata": "The metadata of the Pods created from the template.",
        "PodTemplateSpec.spec": "The desired state of the Pods created from the template.",
        "PodSpec.volumes": "The volumes the Pod's containers can mount.",
        "PodSpec.initContainers": "Containers that run to completion, in order, before the app containers start.",
        "PodSpec.containers": "The containers of the Pod. There must be at least one. Cannot be updated.",
        "PodSpec.ephemeralContainers": "Containers added to a running Pod for debugging.",
        "PodSpec.restartPolicy": "`Always` (the default), `OnFailure` or `Never`.",
        "PodSpec.terminationGracePeriodSeconds": .init(
            "How many seconds the Pod has to stop gracefully before its processes are killed. Defaults to 30."),
        "PodSpec.activeDeadlineSeconds": "How many seconds the Pod may run before the system fails it.",
        "PodSpec.dnsPolicy": "`ClusterFirst` (the default), `ClusterFirstWithHostNet`, `Default` or `None`.",
        "PodSpec.nodeSelector": "Labels a node must have for the Pod to be scheduled on it.",
        "PodSpec.serviceAccountName": "The ServiceAccount the Pod runs as.",
        "PodSpec.serviceAccount": "Deprecated: use serviceAccountName.",
        "PodSpec.nodeName": "The node the Pod runs on; set by the scheduler, or by users to bypass it.",
        "PodSpec.hostNetwork": "Whether the Pod uses the node's network namespace.",
        "PodSpec.hostPID": "Whether the Pod uses the node's PID namespace.",
        "PodSpec.hostIPC": "Whether the Pod uses the node's IPC namespace.",
        "PodSpec.securityContext": "Security options of all the Pod's containers.",
        "PodSpec.imagePullSecrets": "Secrets in the Pod's namespace used to pull its images.",
        "PodSpec.hostname": "The Pod's hostname. Defaults to the Pod's name.",
        "PodSpec.subdomain": "The Pod's subdomain: its FQDN is <hostname>.<subdomain>.<namespace>.svc.<domain>.",
        "PodSpec.affinity": "The Pod's scheduling constraints.",
        "PodSpec.schedulerName": "The scheduler that schedules the Pod. Defaults to the default scheduler.",
        "PodSpec.tolerations": "The taints the Pod tolerates.",
        "PodSpec.priorityClassName": "The PriorityClass that gives the Pod its priority.",
        "PodSpec.priority": "The Pod's priority, set from its PriorityClass.",
        "PodSpec.topologySpreadConstraints": "How the Pods of a group spread across topology domains.",
        "PodSpec.resources": "The compute resources of the whole Pod.",
        "PodStatus.phase": "`Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.",
        "PodStatus.conditions": "The current conditions of the Pod.",
        "PodStatus.hostIP": "The IP address of the node the Pod runs on.",
        "PodStatus.podIP": "The Pod's IP address.",
        "PodStatus.startTime": "When the kubelet acknowledged the Pod.",
        "PodStatus.containerStatuses": "The state of each container.",
        "PodStatus.qosClass": "`Guaranteed`, `Burstable` or `BestEffort`, from the containers' resources.",
        // core/v1 Container
        "Container.name": "The container's name, unique in the Pod (a DNS label). Cannot be updated.",
        "Container.image": "The container image.",
        "Container.command": .init(
            "The entrypoint, run without a shell; replaces the image's ENTRYPOINT. $(VAR) references are "
                + "expanded from the container's environment. Cannot be updated."),
        "Container.args": .init(
            "The arguments of the entrypoint; replace the image's CMD. $(VAR) references are expanded from the "
                + "container's environment. Cannot be updated."),
        "Container.workingDir": "The working directory. Defaults to the image's. Cannot be updated.",
        "Container.ports": "The ports the container exposes; informational. Cannot be updated.",
        "Container.envFrom": "Sources whose keys become environment variables.",
        "Container.env": "The environment variables of the container. Cannot be updated.",
        "Container.resources": "The compute resources the container requests and is limited to.",
        "Container.volumeMounts": "The Pod volumes mounted in the container. Cannot be updated.",
        "Container.livenessProbe": "A probe of the container's liveness; it is restarted when the probe fails.",
        "Container.readinessProbe": "A probe of the container's readiness to serve.",
        "Container.startupProbe": "A probe that must succeed before the other probes start.",
        "Container.lifecycle": "Actions run after the container starts and before it stops.",
        "Container.imagePullPolicy": "`Always`, `Never` or `IfNotPresent`. Defaults to Always for the latest tag.",
        "Container.securityContext": "The container's security options; they override the Pod's.",
        "Container.stdin": "Whether the container has a stdin buffer.",
        "Container.tty": "Whether the container has a TTY.",
        "ContainerPort.name": "The port's name, unique in the Pod (an IANA service name).",
        "ContainerPort.containerPort": "The port number on the Pod's IP address.",
        "ContainerPort.hostPort": "The port number on the node's IP address; rarely needed.",
        "ContainerPort.protocol": "`TCP` (the default), `UDP` or `SCTP`.",
        "EnvVar.name": "The variable's name.",
        "EnvVar.value": "The variable's value; $(VAR) references are expanded.",
        "EnvVar.valueFrom": "Where the value comes from, when value is empty.",
        "ResourceRequirements.limits": "The most compute resources the container may use.",
        "ResourceRequirements.requests": .init(
            "The least compute resources the container needs; defaults to limits. Used for scheduling."),
        "ResourceRequirements.claims": "The Pod's resource claims the container uses.",
        "VolumeMount.name": "The name of the Pod's volume.",
        "VolumeMount.mountPath": "Where the volume is mounted in the container.",
        "VolumeMount.readOnly": "Whether the mount is read-only.",
        "VolumeMount.subPath": "The path in the volume to mount instead of its root.",
        "Volume.name": "The volume's name, unique in the Pod (a DNS label).",
        "Probe.initialDelaySeconds": "How many seconds after the container starts the probe starts.",
        "Probe.timeoutSeconds": "How many seconds a probe may take. Defaults to 1.",
        "Probe.periodSeconds": "How often the probe runs, in seconds. Defaults to 10.",
        "Probe.successThreshold": "How many successes in a row count as success after a failure. Defaults to 1.",
        "Probe.failureThreshold": "How many failures in a row count as failure. Defaults to 3.",
        "ProbeHandler.exec": "Runs a command in the container.",
        "ProbeHandler.httpGet": "Sends an HTTP GET request.",
        "ProbeHandler.tcpSocket": "Opens a TCP connection.",
        "ProbeHandler.grpc": "Calls the gRPC health check.",
        // core/v1 other kinds
        "ConfigMap.data": "Configuration data as UTF-8 strings.",
        "ConfigMap.binaryData": "Binary configuration data, base64-encoded.",
        "ConfigMap.immutable": "Whether the data can no longer be changed.",
        "Secret.data": "The secret data, base64-encoded.",
        "Secret.stringData": "Write-only secret data as strings, merged into data on write.",
        "Secret.type": "How the data is used, such as `Opaque` (the default) or `kubernetes.io/tls`.",
        "Secret.immutable": "Whether the data can no longer be changed.",
        "ServiceSpec.ports": "The ports the Service exposes.",
        "ServiceSpec.selector": "The labels of the Pods traffic is routed to.",
        "ServiceSpec.clusterIP": "The Service's IP address in the cluster; `None` for a headless Service.",
        "ServiceSpec.type": "`ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.",
        "ServicePort.name": "The port's name, unique in the Service.",
        "ServicePort.protocol": "`TCP` (the default), `UDP` or `SCTP`.",
        "ServicePort.port": "The port the Service exposes.",
        "ServicePort.targetPort": "The port, or the name of a port, on the Pods. Defaults to port.",
        "ServicePort.nodePort": "The port on every node, for NodePort and LoadBalancer Services.",
        "LeaseSpec.holderIdentity": "Who holds the lease.",
        "LeaseSpec.leaseDurationSeconds": "How long the lease lasts after its last renewal.",
        "LeaseSpec.acquireTime": "When the current holder acquired the lease.",
        "LeaseSpec.renewTime": "When the current holder last renewed the lease.",
        "LeaseSpec.leaseTransitions": "How many times the lease changed holders.",
        "ScaleSpec.replicas": "The desired number of instances.",
        "ScaleStatus.replicas": "The current number of instances.",
        "ScaleStatus.selector": "The label selector of the instances, as a string.",
        // meta/v1
        "ObjectMeta.name": "The object's name, unique in its namespace for its kind. Cannot be updated.",
        "ObjectMeta.generateName": "A prefix the server completes into a unique name when name is empty.",
        "ObjectMeta.namespace": "The namespace of the object; empty for cluster-scoped kinds.",
        "ObjectMeta.selfLink": "Deprecated and not set.",
        "ObjectMeta.uid": "The object's unique ID in time and space, set by the server. Read-only.",
        "ObjectMeta.resourceVersion": .init(
            "An opaque value that changes with every write of the object; used for optimistic concurrency and "
                + "watches. Read-only."),
        "ObjectMeta.generation": "A number that counts changes to the desired state. Read-only.",
        "ObjectMeta.creationTimestamp": "When the object was created. Read-only.",
        "ObjectMeta.deletionTimestamp": "When the object will be deleted, once its finalizers are done. Read-only.",
        "ObjectMeta.deletionGracePeriodSeconds": "The grace period of a requested deletion. Read-only.",
        "ObjectMeta.labels": "Key/value pairs to organize and select objects.",
        "ObjectMeta.annotations": "Key/value pairs for tools and extensions; not queryable.",
        "ObjectMeta.ownerReferences": "The objects this object depends on.",
        "ObjectMeta.finalizers": "Identifiers that must all be removed before the object is deleted.",
        "ObjectMeta.managedFields": "Which managers set which fields. Mostly for internal use.",
        "ListMeta.resourceVersion": "The resource version of the list, to watch from.",
        "ListMeta.continue": "The token of the next page, when the list was limited.",
        "ListMeta.remainingItemCount": "An estimate of how many items remain after this page.",
        "LabelSelector.matchLabels": "Labels the objects must have: each pair is an `In` requirement.",
        "LabelSelector.matchExpressions": "Requirements on labels, all of which must hold.",
        "LabelSelectorRequirement.key": "The label key.",
        "LabelSelectorRequirement.operator": "`In`, `NotIn`, `Exists` or `DoesNotExist`.",
        "LabelSelectorRequirement.values": "The values for In and NotIn; empty for Exists and DoesNotExist.",
        "OwnerReference.apiVersion": "The owner's API version.",
        "OwnerReference.kind": "The owner's kind.",
        "OwnerReference.name": "The owner's name.",
        "OwnerReference.uid": "The owner's UID.",
        "OwnerReference.controller": "Whether the owner is the managing controller.",
        "OwnerReference.blockOwnerDeletion": "Whether the owner's foreground deletion waits for this object.",
        "DeleteOptions.gracePeriodSeconds": "How many seconds before the object is deleted; 0 deletes now.",
        "DeleteOptions.propagationPolicy": "`Orphan`, `Background` or `Foreground`: what happens to dependents.",
        "DeleteOptions.preconditions": "What must hold for the deletion to proceed.",
        "DeleteOptions.orphanDependents": "Deprecated: use propagationPolicy.",
        "DeleteOptions.dryRun": "Not supported.",
    ]
}
