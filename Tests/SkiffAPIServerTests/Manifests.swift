/// Manifests the client tests apply, as users write them.
enum Manifests {
    /// A Deployment with the fields real manifests carry: probes, resources, env from fields,
    /// volume mounts, tolerations, affinity, topology spread.
    static func deployment(name: String = "web", replicas: Int = 3, image: String = "nginx:1.27", extraEnv: Bool = true)
        -> String
    {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          namespace: demo
          labels: {app: \(name)}
        spec:
          replicas: \(replicas)
          selector:
            matchLabels: {app: \(name)}
          template:
            metadata:
              labels: {app: \(name)}
            spec:
              terminationGracePeriodSeconds: 10
              containers:
              - name: web
                image: \(image)
                command: ["/docker-entrypoint.sh"]
                args: ["nginx", "-g", "daemon off;"]
                ports: [{containerPort: 8080, name: http}]
                env:
                - {name: MODE, value: prod}
        \(extraEnv ? "        - {name: EXTRA, value: \"1\"}\n" : "")\
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {memory: 128Mi}
                readinessProbe:
                  httpGet: {path: /healthz, port: http}
                  periodSeconds: 5
                livenessProbe:
                  tcpSocket: {port: 8080}
                volumeMounts: [{name: cache, mountPath: /cache}]
              volumes: [{name: cache, emptyDir: {}}]
              tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
              nodeSelector: {disk: ssd}
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      labelSelector: {matchLabels: {app: \(name)}}
                      topologyKey: kubernetes.io/hostname
              topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector: {matchLabels: {app: \(name)}}
              priorityClassName: ""
              schedulerName: default-scheduler
              restartPolicy: Always

        """
    }
}
